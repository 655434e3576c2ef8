package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.io.IOException;
import java.util.function.LongSupplier;
import dev.sluice.gateway.testing.StageStreamAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that leaves mid-stream leaves nothing open behind. */
class ClientGoneTest {
    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension();

    @Test
    void closingTheSocketAfterEventTwoEndsTheStreamAsClientGone() throws IOException, InterruptedException {
        StreamRegistry streams = gateway.server().streams();
        long goneBefore = streams.endedStreams(StreamOutcome.CLIENT_GONE);
        long completedBefore = streams.endedStreams(StreamOutcome.COMPLETED);
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.postJson("{\"message\":\"leaving soon\"}"));
            assertEquals(200, client.readHead().status());
            ReceivedEvent first = client.nextEvent();
            ReceivedEvent second = client.nextEvent();
            assertEquals("1", StageStreamAssertions.seqOf(first.id()));
            assertEquals("2", StageStreamAssertions.seqOf(second.id()));
            assertEquals(1, streams.openStreams(), "the stream is open while the client reads");
        }

        assertTrue(eventually(streams::openStreams, 0, 1000), "no open stream a second after the client left");
        assertEquals(goneBefore + 1, streams.endedStreams(StreamOutcome.CLIENT_GONE));
        Thread.sleep(6 * GatewayExtension.STAGE_DELAY_MS);
        assertEquals(completedBefore, streams.endedStreams(StreamOutcome.COMPLETED),
                "the cancelled stream never runs on to complete");
        assertEquals(goneBefore + 1, streams.endedStreams(StreamOutcome.CLIENT_GONE), "counted once");
    }

    /** Polls {@code value} until it equals {@code expected} or {@code withinMs} pass. */
    static boolean eventually(LongSupplier value, long expected, long withinMs) throws InterruptedException {
        long deadline = System.nanoTime() + withinMs * 1_000_000;
        while (value.getAsLong() != expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
