package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.upstream.UpstreamError;
import dev.sluice.gateway.upstream.UpstreamStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sidecar mode end to end (SPEC section 4): a real gateway relays to real app servers on loopback,
 * scripted per path, and a raw-socket client checks the bytes, their order and what the app server saw.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SidecarRelayTest {
    private static final long TIMEOUT_MS = 1500;
    private static final long HEARTBEAT_MS = 100;

    private static ScriptedUpstream upstream;
    private static GatewayServer gateway;
    private static int closedPort;

    @BeforeAll
    static void start() throws Exception {
        upstream = new ScriptedUpstream();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        String routes = String.join(",",
                "/sse=" + upstream.url("/events"),
                "/ndjson=" + upstream.url("/lines"),
                "/badndjson=" + upstream.url("/badlines"),
                "POST /json=" + upstream.url("/report"),
                "/app/failing=" + upstream.url("/failing"),
                "/refused=http://127.0.0.1:" + closedPort + "/nothing",
                "/silent=" + upstream.url("/silent"),
                "/stalls=" + upstream.url("/stalls"),
                "/reset=" + upstream.url("/reset"),
                "/abandoned=" + upstream.url("/abandoned"),
                "/firehose=" + upstream.url("/firehose"));
        gateway = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.ROUTES, routes,
                ConfigOption.HEARTBEAT_INTERVAL_MS, Long.toString(HEARTBEAT_MS),
                ConfigOption.UPSTREAM_FIRST_BYTE_TIMEOUT_MS, Long.toString(TIMEOUT_MS),
                ConfigOption.UPSTREAM_IDLE_TIMEOUT_MS, Long.toString(TIMEOUT_MS))));
    }

    @AfterAll
    static void stop() throws IOException {
        if (gateway != null) {
            gateway.shutdown(0);
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static UpstreamStats.Route stats(String path) {
        return gateway.upstreamStats().route(path);
    }

    @Test
    void sseEventsAreRelayedOneByOneEachBeforeTheNextExists() throws Exception {
        int count = 5;
        Semaphore clientSaw = new Semaphore(0);
        List<Long> producedAt = new ArrayList<>();
        upstream.on("/events", ex -> {
            // Not even the head before the client has the gateway's own first event.
            assertTrue(clientSaw.tryAcquire(5, TimeUnit.SECONDS), "client never saw 'accepted'");
            ex.startChunked("text/event-stream");
            String[] endings = {"\n", "\r\n", "\r"};
            for (int k = 1; k <= count; k++) {
                String eol = endings[k % 3];
                synchronized (producedAt) {
                    producedAt.add(System.nanoTime());
                }
                // Split each event over two chunks, with a comment and two data lines.
                ex.chunk(": upstream ping" + eol + "id: u" + k + eol + "event: progress" + eol + "data: {\"step\":");
                ex.chunk(k + "}" + eol + "data: line two" + eol + eol);
                if (k < count) {
                    assertTrue(clientSaw.tryAcquire(5, TimeUnit.SECONDS), "client never saw event " + k);
                }
            }
            ex.endChunked();
        });
        long relayedBefore = stats("/sse").eventsRelayed();
        int connectionsBefore = upstream.connections();
        try (SseTestClient client = SseTestClient.connect(gateway.port())) {
            client.send("GET /sse?topic=a HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer k\r\n"
                    + "Connection: keep-alive\r\nX-Secret-Hop: 1\r\nAccept: text/event-stream\r\n\r\n");
            ResponseHead head = client.readHead();
            assertEquals(200, head.status());
            assertEquals("text/event-stream; charset=utf-8", head.header("content-type"));
            assertTrue(head.isChunked());

            ReceivedEvent accepted = client.nextEvent();
            assertEquals("1", accepted.id());
            assertEquals("stage", accepted.event());
            Map<String, Object> acceptedData = accepted.json();
            assertEquals("accepted", acceptedData.get("stageId"));
            assertEquals(1, ((Number) acceptedData.get("seq")).intValue());
            String streamId = (String) acceptedData.get("streamId");
            clientSaw.release();

            for (int k = 1; k <= count; k++) {
                ReceivedEvent event = client.nextEvent();
                assertEquals("u" + k, event.id());
                assertEquals("progress", event.event());
                assertEquals("{\"step\":" + k + "}\nline two", event.data());
                synchronized (producedAt) {
                    assertEquals(k, producedAt.size(), "event " + k + " arrived before event " + (k + 1)
                            + " was produced");
                }
                clientSaw.release();
            }
            assertNull(client.nextEvent(), "the stream ends with the upstream's end");
            assertFalse(client.parser().comments().contains("upstream ping"), "upstream comments are not relayed");

            ScriptedUpstream.Request seen = upstream.requests().get(upstream.requests().size() - 1);
            assertEquals("GET", seen.method());
            assertEquals("/events?topic=a", seen.target());
            assertEquals(streamId, seen.header("x-request-id"));
            assertEquals("127.0.0.1", seen.header("x-forwarded-for"));
            assertEquals("http", seen.header("x-forwarded-proto"));
            assertEquals("Bearer k", seen.header("authorization"));
            assertEquals("text/event-stream", seen.header("accept"));
            assertEquals("127.0.0.1:" + upstream.port(), seen.header("host"));
            assertNull(seen.header("x-secret-hop"));
            assertNull(seen.header("connection"));

            // Same client connection, so same event loop and pool: the upstream connection is reused.
            upstream.on("/events", ex -> {
                ex.startChunked("text/event-stream");
                ex.chunk("data: again\n\n");
                ex.endChunked();
            });
            client.send(SseTestClient.get("/sse"));
            assertEquals(200, client.readHead().status());
            assertEquals("stage", client.nextEvent().event());
            assertEquals("again", client.nextEvent().data());
            assertNull(client.nextEvent());
        }
        assertEquals(connectionsBefore + 1, upstream.connections(), "the second relay reused the pooled connection");
        assertEquals(relayedBefore + count + 1, stats("/sse").eventsRelayed());
    }

    @Test
    void ndjsonBecomesOneMessageEventPerLineThenComplete() throws Exception {
        upstream.on("/lines", ex -> {
            ex.startChunked("application/x-ndjson");
            ex.chunk("{\"n\": 1}\n{\"n\":");
            ex.chunk(" 2, \"text\": \"caf\u00e9\"}\r\n\n");
            Thread.sleep(50);
            ex.chunk("[1, 2, 3]");
            ex.endChunked();
        });
        try (SseTestClient client = SseTestClient.connect(gateway.port())) {
            client.send(SseTestClient.get("/ndjson"));
            assertEquals(200, client.readHead().status());
            List<ReceivedEvent> events = client.readEvents();
            assertEquals(List.of("stage", "message", "message", "message", "complete"),
                    events.stream().map(ReceivedEvent::event).toList());
            assertEquals(List.of("1", "2", "3", "4", "5"), events.stream().map(ReceivedEvent::id).toList());
            assertEquals("{\"n\":1}", events.get(1).data());
            assertEquals("{\"n\":2,\"text\":\"caf\u00e9\"}", events.get(2).data());
            assertEquals("[1,2,3]", events.get(3).data());
            assertEquals(3, ((Number) events.get(4).json().get("lines")).intValue());

            client.send(SseTestClient.get("/metrics"));
            assertEquals(200, client.readHead().status());
            String metrics = client.readBody();
            for (String series : List.of("sluice_upstream_requests_total{route=\"/ndjson\"}",
                    "sluice_upstream_events_relayed_total{route=\"/ndjson\"}",
                    "sluice_upstream_first_byte_seconds_count{route=\"/ndjson\"}",
                    "sluice_upstream_errors_total{code=\"upstream_timeout\",route=\"/ndjson\"}")) {
                assertTrue(metrics.contains(series), series + " missing from /metrics");
            }
        }
        assertEquals(4, stats("/ndjson").eventsRelayed(), "three lines and complete");
    }

    @Test
    void anInvalidNdjsonLineEndsTheStreamWithTheNextIdAndAShortMessage() throws Exception {
        upstream.on("/badlines", ex -> {
            ex.startChunked("application/x-ndjson");
            ex.chunk("{\"n\": 1}\n{\"n\": \n  oops}\n{\"n\": 3}\n");
            ex.endChunked();
        });
        try (SseTestClient client = SseTestClient.connect(gateway.port())) {
            client.send(SseTestClient.get("/badndjson"));
            assertEquals(200, client.readHead().status());
            List<ReceivedEvent> events = client.readEvents();
            assertEquals(List.of("stage", "message", "error"), events.stream().map(ReceivedEvent::event).toList());
            assertEquals(List.of("1", "2", "3"), events.stream().map(ReceivedEvent::id).toList(),
                    "the invalid line used no id");
            assertEquals("upstream_protocol", events.get(2).json().get("code"));
            assertEquals("the upstream sent invalid JSON", events.get(2).json().get("message"),
                    "the parser's own (multi-line) text stays in the log");
        }
    }

    @Test
    void aSlowJsonAnswerComesAsOneCompleteEventWithHeartbeatsWhileWaiting() throws Exception {
        CompletableFuture<Long> answeredAt = new CompletableFuture<>();
        upstream.on("/report", ex -> {
            Thread.sleep(5 * HEARTBEAT_MS);
            answeredAt.complete(System.nanoTime());
            ex.respond(200, "application/json", "{\n  \"total\": 42,\n  \"rows\": [\"a\", \"b\"]\n}\n");
        });
        try (SseTestClient client = SseTestClient.connect(gateway.port())) {
            String body = "{\"week\":3}";
            client.send("POST /json HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body);
            assertEquals(200, client.readHead().status());
            ReceivedEvent accepted = client.nextEvent();
            assertEquals("accepted", accepted.json().get("stageId"));
            assertFalse(answeredAt.isDone(), "'accepted' arrives before the upstream has answered");
            ReceivedEvent complete = client.nextEvent();
            assertEquals("complete", complete.event(), complete.data());
            assertTrue(accepted.arrivalNanos() < answeredAt.get(1, TimeUnit.SECONDS), "accepted first");
            assertEquals("2", complete.id());
            Map<String, Object> data = complete.json();
            assertEquals(Map.of("total", 42L, "rows", List.of("a", "b")), data.get("result"));
            assertEquals(accepted.json().get("streamId"), data.get("streamId"));
            assertTrue(client.parser().comments().contains("ping"), "heartbeats while the upstream was silent: "
                    + client.parser().comments());
            assertNull(client.nextEvent());
        }
        ScriptedUpstream.Request seen = upstream.requests().stream().filter(r -> r.target().equals("/report"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals("POST", seen.method());
        assertEquals("{\"week\":3}", seen.body());
        assertEquals("application/json", seen.header("content-type"));
    }

    @Test
    void anErrorStatusBecomesUpstreamStatusAndTheConnectionStaysUsable() throws Exception {
        upstream.on("/failing", ex -> ex.respond(503, "application/json", "{\"error\":\"busy\"}"));
        long before = stats("/app/failing").errors(UpstreamError.UPSTREAM_STATUS);
        try (SseTestClient client = SseTestClient.connect(gateway.port())) {
            for (int i = 0; i < 2; i++) {
                client.send(SseTestClient.get("/app/failing"));
                assertEquals(200, client.readHead().status());
                List<ReceivedEvent> events = client.readEvents();
                assertEquals(List.of("stage", "error"), events.stream().map(ReceivedEvent::event).toList());
                Map<String, Object> error = events.get(1).json();
                assertEquals("upstream_status", error.get("code"));
                assertTrue(((String) error.get("message")).contains("503"), error.toString());
                assertEquals(events.get(0).json().get("streamId"), error.get("streamId"));
            }
        }
        assertEquals(before + 2, stats("/app/failing").errors(UpstreamError.UPSTREAM_STATUS));
    }

    @Test
    void aRefusedConnectionBecomesUpstreamUnavailable() throws Exception {
        long before = stats("/refused").errors(UpstreamError.UPSTREAM_UNAVAILABLE);
        assertEquals(List.of("upstream_unavailable"), errorCodes("/refused"));
        try (SseTestClient client = SseTestClient.connect(gateway.port())) {
            client.send(SseTestClient.get("/refused"));
            client.readHead();
            assertEquals("could not connect to the upstream", client.readEvents().get(1).json().get("message"),
                    "neither the upstream's address nor the socket's error text");
        }
        assertEquals(before + 2, stats("/refused").errors(UpstreamError.UPSTREAM_UNAVAILABLE));
    }

    @Test
    void anUpstreamThatNeverAnswersTimesOutAndIsHungUpOn() throws Exception {
        CompletableFuture<Long> closedAt = new CompletableFuture<>();
        upstream.on("/silent", ex -> closedAt.complete(ex.awaitClose()));
        long start = System.nanoTime();
        assertEquals(List.of("upstream_timeout"), errorCodes("/silent"));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMs >= TIMEOUT_MS, "not before the first-byte timeout: " + tookMs);
        assertTrue(closedAt.get(2, TimeUnit.SECONDS) > start, "the gateway closed the upstream connection");
    }

    @Test
    void anUpstreamThatGoesQuietMidAnswerTimesOut() throws Exception {
        upstream.on("/stalls", ex -> {
            ex.startChunked("text/event-stream");
            ex.chunk("data: one\n\n");
            ex.awaitClose();
        });
        try (SseTestClient client = SseTestClient.connect(gateway.port())) {
            client.send(SseTestClient.get("/stalls"));
            client.readHead();
            List<ReceivedEvent> events = client.readEvents();
            assertEquals(List.of("stage", "message-default", "error"), events.stream()
                    .map(e -> e.event() == null ? "message-default" : e.event()).toList());
            assertEquals("upstream_timeout", events.get(2).json().get("code"));
            assertTrue(((String) events.get(2).json().get("message")).contains("sent nothing for"));
        }
    }

    @Test
    void aResetMidStreamBecomesUpstreamResetAndACleanEnd() throws Exception {
        upstream.on("/reset", ex -> {
            ex.startChunked("text/event-stream");
            ex.chunk("event: partial\ndata: 1\n\n");
            Thread.sleep(100);
            ex.chunk("data: never fini");
            ex.reset();
        });
        try (SseTestClient client = SseTestClient.connect(gateway.port())) {
            client.send(SseTestClient.get("/reset"));
            client.readHead();
            List<ReceivedEvent> events = client.readEvents();
            assertEquals(List.of("stage", "partial", "error"), events.stream().map(ReceivedEvent::event).toList());
            assertEquals("upstream_reset", events.get(2).json().get("code"));
            String message = (String) events.get(2).json().get("message");
            assertTrue(message.startsWith("the upstream connection was reset")
                    || message.startsWith("upstream closed the connection"), message);
            assertFalse(message.contains("error(") || message.contains("(..)"), "no socket error text: " + message);
            client.send(SseTestClient.get("/refused"));
            assertEquals(200, client.readHead().status(), "the client connection survived the upstream's reset");
            assertEquals(2, client.readEvents().size());
        }
    }

    @Test
    void aClientLeavingMidStreamAbortsTheUpstreamRequest() throws Exception {
        CompletableFuture<Long> upstreamSawClose = new CompletableFuture<>();
        upstream.on("/abandoned", ex -> {
            ex.startChunked("text/event-stream");
            ex.chunk("data: working\n\n");
            upstreamSawClose.complete(ex.awaitClose());
        });
        long goneBefore = gateway.streams().endedStreams(StreamOutcome.CLIENT_GONE);
        long leftAt;
        try (SseTestClient client = SseTestClient.connect(gateway.port())) {
            client.send(SseTestClient.get("/abandoned"));
            client.readHead();
            assertEquals("stage", client.nextEvent().event());
            assertEquals("working", client.nextEvent().data());
            leftAt = System.nanoTime();
        }
        long sawAt = upstreamSawClose.get(1, TimeUnit.SECONDS);
        assertTrue(sawAt >= leftAt);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(sawAt - leftAt) < 1000);
        assertTrue(ClientGoneTest.eventually(() -> gateway.streams().endedStreams(StreamOutcome.CLIENT_GONE),
                goneBefore + 1, 1000));
    }

    @Test
    void aClientThatNeverReadsStopsTheUpstreamInsteadOfGrowingTheGateway() throws Exception {
        long upstreamLimit = 256L << 20;
        AtomicLong written = new AtomicLong();
        CountDownLatch upstreamDone = new CountDownLatch(1);
        upstream.on("/firehose", ex -> {
            ex.socket.setSendBufferSize(64 * 1024);
            ex.startChunked("text/event-stream");
            String event = "data: " + "x".repeat(1000) + "\n\n";
            byte[] chunk = (Integer.toHexString(event.length()) + "\r\n" + event + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            OutputStream out = ex.out;
            try {
                while (written.get() < upstreamLimit) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } finally {
                upstreamDone.countDown();
            }
        });
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(64 * 1024);
            client.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
            client.getOutputStream().write(SseTestClient.get("/firehose").getBytes(StandardCharsets.US_ASCII));
            // Never read. Wait until the upstream has been stopped: no progress for half a second.
            long last = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                Thread.sleep(500);
                long now = written.get();
                if (now == last && now > 0) {
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "the upstream never stopped: " + now + " bytes");
                last = now;
            }
            assertFalse(upstreamDone.await(0, TimeUnit.MILLISECONDS), "the upstream is blocked, not finished");
            // What may be in flight: the client's receive buffer (128 KiB as set), the gateway's client
            // socket send buffer (Linux autotunes it up to net.ipv4.tcp_wmem's max, 4 MiB here), one
            // upstream read, the gateway's fixed upstream receive buffer and the upstream's send buffer:
            // under 5 MiB. Without back-pressure the upstream would write all of its 256 MiB.
            assertTrue(last < 6L << 20, "a client that reads nothing let the upstream write " + last + " bytes");
            assertEquals(1, gateway.streams().openStreams(), "the stream is paused, not dropped");
        }
        assertTrue(upstreamDone.await(2, TimeUnit.SECONDS), "the client leaving unblocked the upstream");
    }

    /** Requests {@code path} and returns the codes of its error events, checking the stream's shape. */
    private static List<String> errorCodes(String path) throws IOException {
        try (SseTestClient client = SseTestClient.connect(gateway.port())) {
            client.send(SseTestClient.get(path));
            assertEquals(200, client.readHead().status());
            List<ReceivedEvent> events = client.readEvents();
            assertEquals("stage", events.get(0).event());
            List<String> codes = new ArrayList<>();
            for (ReceivedEvent event : events.subList(1, events.size())) {
                assertEquals("error", event.event());
                assertNotNull(event.json().get("message"));
                codes.add((String) event.json().get("code"));
            }
            return codes;
        }
    }

}
