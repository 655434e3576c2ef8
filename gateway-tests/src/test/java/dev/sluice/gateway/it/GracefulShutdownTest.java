package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.sluice.gateway.testing.StageStreamAssertions;
import org.junit.jupiter.api.Test;

/**
 * {@link GatewayServer#shutdown} in-process, where the test can act during the drain: a stream that
 * finishes within the drain deadline completes normally, one that would not gets the final
 * {@code shutdown} event at the deadline, and a request arriving on an open connection meanwhile
 * gets 503 with {@code Retry-After}.
 */
class GracefulShutdownTest {
    private static final long HOLD_MS = 1600;
    private static final long DRAIN_MS = 800;

    @Test
    void drainLetsStreamsFinishUntilTheDeadlineThenEndsTheRestWithAFinalEvent() throws Exception {
        GatewayServer server = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.STAGES, "hold:50:" + HOLD_MS + ",done:100:0")));
        StreamRegistry streams = server.streams();
        int port = server.port();
        Thread shutdown = new Thread(() -> server.shutdown(DRAIN_MS), "test-shutdown");
        try (SseTestClient early = SseTestClient.connect(port);
                SseTestClient late = SseTestClient.connect(port);
                SseTestClient idle = SseTestClient.connect(port)) {
            early.send(SseTestClient.get("/api/chat/stream?message=early"));
            assertEquals(200, early.readHead().status());
            assertEquals("1", StageStreamAssertions.seqOf(early.nextEvent().id()));
            idle.send(SseTestClient.get("/healthz"));
            assertEquals(200, idle.readHead().status());
            idle.readBody();
            Thread.sleep(HOLD_MS - 400);
            late.send(SseTestClient.get("/api/chat/stream?message=late"));
            assertEquals(200, late.readHead().status());
            assertEquals("1", StageStreamAssertions.seqOf(late.nextEvent().id()));

            long shutdownStart = System.nanoTime();
            shutdown.start();
            assertTrue(ClientGoneTest.eventually(() -> server.readiness().isDraining() ? 1 : 0, 1, 1000));

            idle.send(SseTestClient.get("/api/chat/stream?message=during+drain"));
            ResponseHead refused = idle.readHead();
            assertEquals(503, refused.status(), "no new stream while draining");
            assertEquals("2", refused.header("retry-after"));
            assertTrue(idle.readBody().startsWith("{\"error\":\"draining\","));
            idle.send(SseTestClient.get("/readyz"));
            assertEquals(503, idle.readHead().status());
            idle.readBody();
            assertConnectionRefused(port);

            List<ReceivedEvent> earlyRest = early.readEvents();
            assertEquals(List.of("stage", "complete"), earlyRest.stream().map(ReceivedEvent::event).toList(),
                    "the early stream ends on its own within the drain deadline");

            List<ReceivedEvent> lateRest = late.readEvents();
            assertEquals(1, lateRest.size(), lateRest::toString);
            ReceivedEvent last = lateRest.get(0);
            assertEquals("error", last.event());
            assertEquals("shutdown", last.json().get("code"));
            long atMs = TimeUnit.NANOSECONDS.toMillis(last.arrivalNanos() - shutdownStart);
            assertTrue(atMs >= DRAIN_MS && atMs < DRAIN_MS + 1000, "final event " + atMs + " ms into the drain");
            long retry = late.parser().retries().get(late.parser().retries().size() - 1);
            assertTrue(retry >= 2000 && retry <= 4000, "reconnect hint " + retry + " ms, spread over one retry period");
            assertTrue(late.awaitServerClose(), "connections close once the streams have ended");

            shutdown.join(5000);
            assertEquals(1, streams.endedStreams(StreamOutcome.COMPLETED));
            assertEquals(1, streams.endedStreams(StreamOutcome.DRAINED));
            assertEquals(1, streams.endedStreams(StreamOutcome.REJECTED));
            assertEquals(0, streams.openStreams());
        } finally {
            shutdown.join(5000);
            server.shutdown(0);
        }
    }

    private static void assertConnectionRefused(int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            throw new AssertionError("the listening socket should be closed while draining");
        } catch (ConnectException expected) {
            // stopped accepting
        }
    }
}
