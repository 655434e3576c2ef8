package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.testing.JsonDocument;
import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.StageStreamAssertions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connection while it streams, over real sockets: the gateway reads no requests then (its request
 * handlers are out of the pipeline), so what a client sends during a stream is answered after it, a
 * flood of it closes that connection only, and a client going away still ends the stream at once.
 */
class StreamingConnectionTest {
    /** Long enough that a stream is still running when the test acts during it (six stages: 2.4 s). */
    private static final long DELAY_MS = 400;
    private static final int MAX_BODY_BYTES = 1024;

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(Map.of(
            ConfigOption.STAGE_DELAY_MS, Long.toString(DELAY_MS),
            ConfigOption.MAX_BODY_BYTES, Integer.toString(MAX_BODY_BYTES),
            ConfigOption.ACCESS_LOG, "false"));

    private static StreamRegistry streams() {
        return gateway.server().streams();
    }

    private static void awaitEnded(StreamOutcome outcome, long count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (streams().endedStreams(outcome) < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, streams().endedStreams(outcome));
    }

    @Test
    void aRequestSentDuringAStreamIsAnsweredAfterItAndTheConnectionThenStreamsAgain() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.postJson("{\"message\":\"first\"}"));
            StreamResponseTest.assertStreamHead(client.readHead(), "keep-alive");
            List<ReceivedEvent> first = new ArrayList<>(List.of(client.nextEvent()));
            // Sent while the stream runs, in two pieces a stage apart.
            String health = SseTestClient.get("/healthz");
            client.send(health.substring(0, 12));
            first.add(client.nextEvent());
            client.send(health.substring(12));
            first.addAll(client.readEvents());
            StageStreamAssertions.assertDefaultStream(first, DELAY_MS);

            ResponseHead healthHead = client.readHead();
            assertEquals(200, healthHead.status());
            assertEquals("ok", JsonDocument.parseObject(client.readBody()).get("status"));

            client.send(SseTestClient.get("/api/chat/stream?message=second"));
            StreamResponseTest.assertStreamHead(client.readHead(), "keep-alive");
            StageStreamAssertions.assertDefaultStream(client.readEvents(), DELAY_MS);
            assertTrue(client.staysQuietFor(200), "kept alive and quiet after the second stream");
        }
    }

    @Test
    void moreThanARequestsWorthSentDuringAStreamClosesThatConnectionOnly() throws Exception {
        try (SseTestClient bystander = gateway.connect(); SseTestClient flooder = gateway.connect()) {
            bystander.send(SseTestClient.postJson("{\"message\":\"bystander\"}"));
            flooder.send(SseTestClient.postJson("{\"message\":\"flooder\"}"));
            assertEquals(200, bystander.readHead().status());
            assertEquals(200, flooder.readHead().status());
            flooder.nextEvent();
            long goneBefore = streams().endedStreams(StreamOutcome.CLIENT_GONE);

            // Request line, header and body limits together are 4096 + 8192 + 1024 bytes.
            flooder.sendBytes(new byte[4096 + 8192 + MAX_BODY_BYTES + 1]);
            String rest = flooder.readUntilServerClose();
            assertFalse(rest.contains("event: complete"), "closed before its stream's end: " + rest);
            awaitEnded(StreamOutcome.CLIENT_GONE, goneBefore + 1);

            StageStreamAssertions.assertDefaultStream(bystander.readEvents(), DELAY_MS);
        }
    }

    @Test
    void aClientHalfClosingDuringAStreamEndsIt() throws Exception {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.get("/api/chat/stream?message=leaving"));
            assertEquals(200, client.readHead().status());
            client.nextEvent();
            long goneBefore = streams().endedStreams(StreamOutcome.CLIENT_GONE);
            client.shutdownOutput();
            String rest = client.readUntilServerClose();
            assertFalse(rest.contains("event: complete"), "ended at once, not at its end: " + rest);
            awaitEnded(StreamOutcome.CLIENT_GONE, goneBefore + 1);
        }
    }

    @Test
    void aClientHalfClosingAfterItsStreamGetsTheConnectionClosed() throws Exception {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.get("/api/chat/stream?message=done"));
            StreamResponseTest.assertStreamHead(client.readHead(), "keep-alive");
            StageStreamAssertions.assertDefaultStream(client.readEvents(), DELAY_MS);
            // The request handlers are still out (nothing sent after the stream): the close must not need them.
            client.shutdownOutput();
            assertEquals("", client.readUntilServerClose(), "closed without a byte more");
        }
    }
}
