package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-stream flow control on HTTP/2 (SPEC section 11): a stream whose client stops giving its window
 * back pauses alone, its producer stopped once the stream's outbound bytes pass the high water mark,
 * while the other streams of the same connection run to their end on time; when the client reads
 * again it resumes and completes.
 */
class Http2FlowControlTest {
    /** Enough events (about 200 bytes each) to pass the 2 KiB high water mark several times over. */
    private static final int STAGES = 40;
    private static final long STAGE_MS = 20;

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.tls(Map.of(
            ConfigOption.STAGES, plan(),
            ConfigOption.STAGE_DELAY_MS, Long.toString(STAGE_MS),
            ConfigOption.WRITE_BUFFER_LOW_BYTES, "1024",
            ConfigOption.WRITE_BUFFER_HIGH_BYTES, "2048"));

    private static String plan() {
        StringJoiner plan = new StringJoiner(",");
        for (int i = 1; i <= STAGES; i++) {
            plan.add("s" + i + ":" + (100 * i / STAGES));
        }
        return plan.toString();
    }

    @Test
    void aStreamWithItsWindowExhaustedPausesAloneWhileItsSiblingsFinishThenResumes() throws Exception {
        long completed = gateway.server().streams().endedStreams(StreamOutcome.COMPLETED);
        // A 600-byte window: the paused stream gets its first events, then its window is closed.
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 600)) {
            H2TestClient.Stream paused = client.open("GET", "/api/chat/stream?message=paused", Map.of(), null, false);
            List<H2TestClient.Stream> siblings = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                siblings.add(client.get("/api/chat/stream?message=sibling" + i));
            }
            long planNanos = STAGES * STAGE_MS * 1_000_000L;
            long started = System.nanoTime();
            for (H2TestClient.Stream sibling : siblings) {
                sibling.awaitEnd(10_000);
                List<ReceivedEvent> events = sibling.events();
                assertEquals(STAGES + 1, events.size());
                assertEquals("complete", events.get(STAGES).event());
            }
            long siblingsDone = System.nanoTime() - started;
            assertTrue(siblingsDone < planNanos * 3, "the siblings ran on time: " + siblingsDone / 1_000_000 + " ms");

            // By now the paused stream's plan is over too, yet it is still open and has stopped producing.
            Thread.sleep(Math.max(0, (planNanos - siblingsDone) / 1_000_000) + 100);
            long sent = gateway.server().streams().eventsSent();
            Thread.sleep(200);
            assertEquals(sent, gateway.server().streams().eventsSent(),
                    "the paused stream's producer is not producing");
            assertEquals(1, gateway.server().streams().openStreams(), "the paused stream is still open");
            assertEquals(completed + 3, gateway.server().streams().endedStreams(StreamOutcome.COMPLETED));
            assertFalse(paused.isEnded());

            paused.resumeReading();
            paused.awaitEnd(5_000);
            List<ReceivedEvent> events = paused.events();
            assertEquals(STAGES + 1, events.size(), "every event, in order, after resuming");
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, ((Number) events.get(i).json().get("seq")).intValue());
            }
        }
        assertEquals(completed + 4, gateway.server().streams().endedStreams(StreamOutcome.COMPLETED));
    }
}
