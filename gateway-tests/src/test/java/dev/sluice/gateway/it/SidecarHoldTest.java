package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sidecar hold end to end (SPEC section 10): a real app server on loopback answers at once with
 * {@code Sluice-Hold} or {@code Grip-Hold}, the gateway gives its connection back and keeps each client
 * subscribed to the named channel, and the test publishes later through the channel API or GRIP's
 * {@code /publish/}, as the app server would.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SidecarHoldTest {
    private static final String TOKEN = "hold-test-token";
    private static final int IO_THREADS = 2;

    private static ScriptedUpstream upstream;
    private static GatewayServer gateway;
    private static final HttpClient http = HttpClient.newHttpClient();
    /** The app server's slow work: its jobs publish once the test lets them finish. */
    private static final CountDownLatch workDone = new CountDownLatch(1);
    private static final AtomicInteger publishFailures = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        upstream = new ScriptedUpstream();
        // The job's channel is named after the request id Sluice sends, as a real app would name it after its job.
        upstream.on("/job", exchange -> {
            String channel = "job-" + exchange.request.header("x-request-id");
            exchange.respond(200, List.of("Sluice-Hold: stream", "Sluice-Channel: " + channel,
                    "Content-Type: text/event-stream"), "event: queued\ndata: {\"position\":1}\n\n");
            // Answered: the request is over. The job runs on and publishes its progress and its end.
            Thread job = new Thread(() -> runJob(channel), "app-job-" + channel);
            job.setDaemon(true);
            job.start();
        });
        upstream.on("/quiet", exchange -> exchange.respond(200, List.of("Sluice-Hold: stream",
                "Sluice-Channel: quiet-" + exchange.request.header("x-request-id"), "Content-Type: text/event-stream"),
                "event: queued\ndata: {}\n\n"));
        // The answer's body tells the client it is held, so the test (the publisher) knows when to publish.
        upstream.on("/grip", exchange -> exchange.respond(200, List.of(
                "Grip-Hold: stream",
                "Grip-Channel: grip-" + exchange.request.header("x-request-id") + "; prev-id=0",
                "Content-Type: text/event-stream"), "event: held\ndata: {}\n\n"));
        upstream.on("/grip-empty", exchange -> exchange.respond(200, List.of(
                "Grip-Hold: stream", "Grip-Channel: grip-empty", "Content-Type: text/plain"), ""));
        upstream.on("/long-poll", exchange -> exchange.respond(200, List.of(
                "Grip-Hold: response", "Grip-Channel: c", "Content-Type: text/plain"), ""));
        upstream.on("/bad-channel", exchange -> exchange.respond(200, List.of(
                "Sluice-Hold: stream", "Sluice-Channel: not a channel", "Content-Type: text/plain"), ""));
        upstream.on("/plain", exchange -> exchange.respond(200, "application/json", "{\"answer\":42}"));
        gateway = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.IO_THREADS, Integer.toString(IO_THREADS),
                ConfigOption.PUBLISH_TOKENS, TOKEN,
                ConfigOption.ROUTES, String.join(",",
                        "/jobs=" + upstream.url("/job"),
                        "/quiet=" + upstream.url("/quiet"),
                        "/grip=" + upstream.url("/grip"),
                        "/grip-empty=" + upstream.url("/grip-empty"),
                        "/long-poll=" + upstream.url("/long-poll"),
                        "/bad-channel=" + upstream.url("/bad-channel"),
                        "/plain=" + upstream.url("/plain")))));
    }

    private static void runJob(String channel) {
        try {
            workDone.await();
            if (publish(channel, "{\"event\":\"progress\",\"data\":{\"step\":1}}") != 202
                    || publish(channel, "{\"event\":\"done\",\"data\":{\"ok\":true},\"close\":true}") != 202) {
                publishFailures.incrementAndGet();
            }
        } catch (Exception e) {
            publishFailures.incrementAndGet();
        }
    }

    @AfterAll
    static void stop() throws IOException {
        workDone.countDown();
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** A client held on a channel, past the events the hold's answer gave it. */
    private record Held(SseTestClient client, String streamId) {
    }

    private static Held hold(String path) throws IOException {
        SseTestClient client = SseTestClient.connect(gateway.port());
        client.send(SseTestClient.get(path));
        assertEquals(200, client.readHead().status());
        ReceivedEvent accepted = client.nextEvent();
        assertEquals("stage", accepted.event());
        return new Held(client, (String) accepted.json().get("streamId"));
    }

    /** Held on a GRIP channel: past {@code accepted} and the answer's {@code held} event. */
    private static Held gripHold() throws IOException {
        Held h = hold("/grip");
        assertEquals("held", h.client.nextEvent().event());
        return h;
    }

    @Test
    void heldClientsCostTheAppServerNoConnectionAndGetWhatIsPublishedThenTheClose() throws Exception {
        int clients = 20;
        long requestsBefore = upstream.requests().size();
        List<Held> held = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Held h = hold("/jobs");
                ReceivedEvent queued = h.client.nextEvent();
                assertEquals("queued", queued.event(), "the held answer's body is relayed first");
                assertEquals("{\"position\":1}", queued.data());
                held.add(h);
            }
            assertEquals(requestsBefore + clients, upstream.requests().size());
            // Every client is waiting on its channel, and the app server holds at most the pool's idle
            // keep-alive connections (one per event loop), not one per client.
            long open = upstream.openConnections();
            assertTrue(open <= IO_THREADS, clients + " held clients, app server connections open: " + open);

            assertTrue(held.get(0).client.staysQuietFor(200), "nothing comes before the app publishes");

            long released = System.nanoTime();
            workDone.countDown();
            for (Held h : held) {
                ReceivedEvent progress = h.client.nextEvent();
                assertEquals("progress", progress.event());
                assertEquals("{\"step\":1}", progress.data());
                assertTrue(progress.arrivalNanos() > released, "published after the answer, delivered after");
                ReceivedEvent done = h.client.nextEvent();
                assertEquals("done", done.event(), "the close event is delivered as the final event");
                assertNull(h.client.nextEvent(), "then the response ends cleanly");
            }
            assertEquals(0, publishFailures.get(), "every publish of the app server was accepted");
            assertTrue(upstream.openConnections() <= IO_THREADS);
            // The connection is still usable: the same client asks again.
            SseTestClient again = held.get(0).client;
            again.send(SseTestClient.get("/plain"));
            assertEquals(200, again.readHead().status());
            List<ReceivedEvent> events = again.readEvents();
            assertEquals("complete", events.get(events.size() - 1).event());
        } finally {
            for (Held h : held) {
                h.client.close();
            }
        }
    }

    @Test
    void gripHoldTakesGripPublishContentVerbatimAndEndsOnClose() throws Exception {
        Held h = gripHold();
        try (SseTestClient client = h.client) {
            ScriptedUpstream.Request request = upstream.requests().get(upstream.requests().size() - 1);
            assertNotNull(request.header("grip-sig"), "GRIP libraries offer a hold only to a request with Grip-Sig");
            String channel = "grip-" + h.streamId;
            String content = "event: tick\\nid: app-7\\ndata: {\\\"n\\\":1}\\ndata: second line\\n\\n";
            assertEquals(200, gripPublish("{\"items\":[{\"channel\":\"" + channel + "\",\"id\":\"7\",\"prev-id\":\"6\","
                    + "\"formats\":{\"http-stream\":{\"content\":\"" + content + "\"}}}]}"));
            ReceivedEvent tick = client.nextEvent();
            assertEquals("tick", tick.event());
            assertEquals("app-7", tick.id(), "the app's own framing, id included, passes as it was written");
            assertEquals("{\"n\":1}\nsecond line", tick.data());
            assertTrue(String.join("", client.chunks()).contains("event: tick\nid: app-7\ndata: {\"n\":1}\n"
                    + "data: second line\n\n"), "bytes passed on verbatim: " + client.chunks());
            // What @fanoutio/grip sends for a close.
            assertEquals(200, gripPublish("{\"items\":[{\"channel\":\"" + channel + "\",\"formats\":{\"http-stream\":"
                    + "{\"action\":\"close\",\"content\":\"\"}}}]}"));
            assertNull(client.nextEvent(), "the close ends the response cleanly");
        }
    }

    /** What GRIP libraries answer most often: the hold headers, a text/plain content type, no body. */
    @Test
    void aGripHoldWithAnEmptyBodyHoldsToo() throws Exception {
        Held h = hold("/grip-empty");
        try (SseTestClient client = h.client) {
            // No body tells the client when it is subscribed, so the publisher keeps publishing until it is.
            AtomicBoolean stop = new AtomicBoolean();
            Thread publisher = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        gripPublish("{\"items\":[{\"channel\":\"grip-empty\",\"formats\":{\"http-stream\":"
                                + "{\"content\":\"event: ping\\ndata: 1\\n\\n\"}}}]}");
                        Thread.sleep(50);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "grip-publisher");
            publisher.start();
            try {
                assertEquals("ping", client.nextEvent().event());
            } finally {
                stop.set(true);
                publisher.join();
            }
            assertEquals(200, gripPublish("{\"items\":[{\"channel\":\"grip-empty\",\"formats\":{\"http-stream\":"
                    + "{\"action\":\"close\",\"content\":\"\"}}}]}"));
            ReceivedEvent event;
            while ((event = client.nextEvent()) != null) {
                assertEquals("ping", event.event(), "only pings published before the close");
            }
        }
    }

    @Test
    void gripPublishNeedsTheTokenAndRefusesContentThatWouldBreakFraming() throws Exception {
        String body = "{\"items\":[{\"channel\":\"c\",\"formats\":{\"http-stream\":{\"content\":\"data: x\\n\\n\"}}}]}";
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(uri("/publish/"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
        assertEquals("Bearer", none.headers().firstValue("www-authenticate").orElse(null));
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(uri("/publish/"))
                .header("content-type", "application/json").header("authorization", "Bearer nope")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, wrong.statusCode());
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(uri("/publish/"))
                .header("content-type", "application/json").header("authorization", "Basic dXNlcjpwYXNz")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, basic.statusCode());

        Held h = gripHold();
        try (SseTestClient client = h.client) {
            String channel = "grip-" + h.streamId;
            HttpResponse<String> open = gripPublishResponse("{\"items\":[{\"channel\":\"" + channel
                    + "\",\"formats\":{\"http-stream\":{\"content\":\"data: half an event\\n\"}}}]}");
            assertEquals(400, open.statusCode());
            assertTrue(open.body().contains("\"invalid_content\""), open.body());
            assertEquals(400, gripPublish("{\"items\":[{\"channel\":\"" + channel
                    + "\",\"formats\":{\"http-stream\":{\"content\":\"data: a\\r\\r\"}}}]}"));
            // Nothing of a refused publish reached the client: the next thing it sees is the next good one.
            assertEquals(200, gripPublish("{\"items\":[{\"channel\":\"" + channel
                    + "\",\"formats\":{\"http-stream\":{\"content\":\"event: ok\\ndata: 1\\n\\n\",\"close\":true}}}]}"));
            ReceivedEvent ok = client.nextEvent();
            assertEquals("ok", ok.event());
            assertNull(client.nextEvent());
        }
    }

    @Test
    void holdsSluiceCannotGiveEndWithAnUpstreamProtocolError() throws Exception {
        for (String path : List.of("/long-poll", "/bad-channel")) {
            try (SseTestClient client = SseTestClient.connect(gateway.port())) {
                client.send(SseTestClient.get(path));
                assertEquals(200, client.readHead().status());
                List<ReceivedEvent> events = client.readEvents();
                ReceivedEvent last = events.get(events.size() - 1);
                assertEquals("error", last.event(), path + ": " + events);
                assertEquals("upstream_protocol", last.json().get("code"));
            }
        }
    }

    @Test
    void aHeldClientThatLeavesIsForgotten() throws Exception {
        long openBefore = gateway.streams().openStreams();
        Held h = hold("/quiet");
        assertEquals("queued", h.client.nextEvent().event());
        assertEquals(openBefore + 1, gateway.streams().openStreams());
        h.client.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gateway.streams().openStreams() != openBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(openBefore, gateway.streams().openStreams());
        // A publish to its channel now reaches nobody and harms nothing.
        assertEquals(202, publish("quiet-" + h.streamId, "{\"event\":\"late\",\"data\":{}}"));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }

    private static int publish(String channel, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/channels/" + channel + "/events"))
                .header("content-type", "application/json").header("authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static int gripPublish(String json) throws Exception {
        return gripPublishResponse(json).statusCode();
    }

    private static HttpResponse<String> gripPublishResponse(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/publish/"))
                .header("content-type", "application/json").header("authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
