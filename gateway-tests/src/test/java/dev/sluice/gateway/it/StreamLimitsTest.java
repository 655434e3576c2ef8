package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.sluice.gateway.testing.StageStreamAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stream limit, the duration limit and heartbeats over real sockets, each on its own gateway
 * configured for the case.
 */
class StreamLimitsTest {
    private GatewayServer server;

    private GatewayServer start(Map<ConfigOption, String> options) throws InterruptedException {
        Map<ConfigOption, String> all = new HashMap<>(options);
        all.put(ConfigOption.PORT, "0");
        all.put(ConfigOption.HOST, "127.0.0.1");
        server = GatewayServer.start(GatewayConfig.of(all));
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown(0);
        }
    }

    private SseTestClient openStream() throws IOException {
        SseTestClient client = SseTestClient.connect(server.port());
        client.send(SseTestClient.get("/api/chat/stream?message=hold"));
        assertEquals(200, client.readHead().status());
        assertEquals("1", StageStreamAssertions.seqOf(client.nextEvent().id()));
        return client;
    }

    @Test
    void beyondMaxStreamsA503WithRetryAfterAndReadyzSaysNotReadyUntilAStreamEnds() throws Exception {
        start(Map.of(ConfigOption.MAX_STREAMS, "2", ConfigOption.STAGES, "hold:50:30000,done:100:0"));
        SseTestClient first = openStream();
        try (SseTestClient second = openStream(); SseTestClient third = SseTestClient.connect(server.port())) {
            third.send(SseTestClient.get("/api/chat/stream?message=one+too+many"));
            ResponseHead refused = third.readHead();
            assertEquals(503, refused.status());
            assertEquals("2", refused.header("retry-after"), "the retry-ms hint of 2000 ms, in seconds");
            assertTrue(third.readBody().startsWith("{\"error\":\"at_capacity\","));
            assertEquals(1, server.streams().endedStreams(StreamOutcome.REJECTED));

            third.send(SseTestClient.get("/readyz"));
            assertEquals(503, third.readHead().status(), "not ready at capacity");
            third.readBody();

            first.close();
            assertTrue(ClientGoneTest.eventually(server.streams()::openStreams, 1, 2000));
            third.send(SseTestClient.get("/readyz"));
            assertEquals(200, third.readHead().status(), "ready again below the limit");
            third.readBody();
            third.send(SseTestClient.get("/api/chat/stream?message=room+now"));
            assertEquals(200, third.readHead().status());
            assertEquals("1", StageStreamAssertions.seqOf(third.nextEvent().id()));
            assertTrue(second.staysQuietFor(100), "the admitted streams run on undisturbed");
            assertEquals(2, server.streams().openStreams());
        } finally {
            first.close();
        }
    }

    @Test
    void streamOutlivingMaxDurationEndsWithAnErrorEventAndTheConnectionIsReused() throws Exception {
        start(Map.of(ConfigOption.MAX_STREAM_DURATION_MS, "300", ConfigOption.STAGES, "hold:50:30000,done:100:0"));
        try (SseTestClient client = SseTestClient.connect(server.port())) {
            client.send(SseTestClient.get("/api/chat/stream?message=long"));
            assertEquals(200, client.readHead().status());
            List<ReceivedEvent> events = client.readEvents();
            assertEquals(2, events.size(), events::toString);
            assertEquals("stage", events.get(0).event());
            ReceivedEvent error = events.get(1);
            assertEquals("error", error.event());
            assertEquals("max_duration", error.json().get("code"));
            assertEquals(events.get(0).json().get("streamId"), error.json().get("streamId"));
            long afterMs = TimeUnit.NANOSECONDS.toMillis(error.arrivalNanos() - client.sentNanos());
            assertTrue(afterMs >= 300 && afterMs < 2000, "error event " + afterMs + " ms after the request");
            assertTrue(ClientGoneTest.eventually(() -> server.streams().endedStreams(StreamOutcome.ERROR), 1, 1000),
                    "counted as an error (right after its last chunk went out)");

            client.send(SseTestClient.get("/healthz"));
            assertEquals(200, client.readHead().status(), "the stream ended cleanly; the connection serves on");
            client.readBody();
        }
    }

    @Test
    void idleStreamSendsAPingEveryInterval() throws Exception {
        start(Map.of(ConfigOption.HEARTBEAT_INTERVAL_MS, "100", ConfigOption.STAGES, "think:50:750,answer:100:0"));
        try (SseTestClient client = SseTestClient.connect(server.port())) {
            client.send(SseTestClient.get("/api/chat/stream?message=slow"));
            assertEquals(200, client.readHead().status());
            List<ReceivedEvent> events = client.readEvents();
            assertEquals(List.of("stage", "stage", "complete"), events.stream().map(ReceivedEvent::event).toList());
            List<String> chunks = client.chunks();
            int firstStage = indexOf(chunks, ":1\nevent: stage\n");
            int secondStage = indexOf(chunks, ":2\nevent: stage\n");
            List<String> between = chunks.subList(firstStage + 1, secondStage);
            assertTrue(between.stream().allMatch(": ping\n\n"::equals), between::toString);
            // 750 ms of silence at one ping per 100 ms, each up to a tick (12 ms) late: 6 or 7, and
            // one fewer if the loaded machine delays a sweep.
            assertTrue(between.size() >= 5 && between.size() <= 7, between.size() + " pings in 750 ms");
        }
    }

    @Test
    void streamWhoseEventsComeFasterThanTheIntervalSendsNoPings() throws Exception {
        start(Map.of(ConfigOption.HEARTBEAT_INTERVAL_MS, "100",
                ConfigOption.STAGES, "a:20:60,b:40:60,c:60:60,d:80:60,e:100:60"));
        try (SseTestClient busy = SseTestClient.connect(server.port())) {
            busy.send(SseTestClient.get("/api/chat/stream?message=busy"));
            assertEquals(200, busy.readHead().status());
            assertEquals(6, busy.readEvents().size());
            assertFalse(busy.chunks().contains(": ping\n\n"), "events every 60 ms leave no silence to fill");
            assertNull(busy.nextEvent());
        }
    }

    /** The first chunk with an {@code id: <streamId><idEnd>} line, {@code idEnd} being e.g. {@code :1\nevent: stage\n}. */
    private static int indexOf(List<String> chunks, String idEnd) {
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).startsWith("id: s-") && chunks.get(i).contains(idEnd)) {
                return i;
            }
        }
        throw new AssertionError("no chunk with id ending " + idEnd + ": " + chunks);
    }
}
