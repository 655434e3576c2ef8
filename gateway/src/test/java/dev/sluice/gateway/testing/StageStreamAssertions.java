package dev.sluice.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a received stream against the default six-stage plan of SPEC section 3, the way any client
 * of the gateway would rely on it. Shared by the unit tests and the socket tests.
 */
public final class StageStreamAssertions {
    public static final List<String> STAGE_IDS = List.of("init", "intent", "retrieve", "reason", "generate", "finalize");
    public static final List<Long> PROGRESS = List.of(5L, 15L, 35L, 60L, 85L, 100L);
    public static final List<String> LABELS = List.of("Reading the message", "Understanding the intent",
            "Retrieving context", "Reasoning", "Generating the answer", "Finalizing");

    private StageStreamAssertions() {
    }

    /**
     * Asserts the seven events of the default plan with {@code delayMs} per stage: ids
     * {@code <streamId>:1} to {@code <streamId>:7} (SPEC section 8), six
     * {@code stage} events with the SPEC's stageIds, labels and progress, then {@code complete}; one
     * streamId throughout; each event's {@code elapsedMs} no earlier than its due time (events can be
     * late, never early); {@code complete} carrying {@code stageMs} for all six stages in order, adding
     * up to its {@code elapsedMs} (each truncated to whole ms).
     *
     * @return the {@code complete} event's data
     */
    public static Map<String, Object> assertDefaultStream(List<ReceivedEvent> events, long delayMs) {
        assertEquals(7, events.size(), () -> "expected 7 events, got " + events);
        String streamId = null;
        long previousElapsed = -1;
        for (int i = 0; i < 6; i++) {
            ReceivedEvent event = events.get(i);
            Map<String, Object> data = event.json();
            assertEquals("stage", event.event(), "name of event " + (i + 1));
            assertEquals((long) (i + 1), data.get("seq"));
            assertEquals(STAGE_IDS.get(i), data.get("stageId"));
            assertEquals(LABELS.get(i), data.get("label"));
            assertEquals(PROGRESS.get(i), data.get("progress"));
            if (streamId == null) {
                streamId = (String) data.get("streamId");
                assertNotNull(streamId, "streamId");
                assertTrue(streamId.startsWith("s-"), streamId);
            } else {
                assertEquals(streamId, data.get("streamId"), "one streamId per stream");
            }
            assertEquals(streamId + ":" + (i + 1), event.id(), "id of event " + (i + 1));
            long elapsed = (Long) data.get("elapsedMs");
            assertTrue(elapsed >= i * delayMs, "event " + (i + 1) + " at " + elapsed + " ms, due at " + i * delayMs);
            assertTrue(elapsed >= previousElapsed, "elapsedMs never goes back");
            previousElapsed = elapsed;
        }
        ReceivedEvent complete = events.get(6);
        assertEquals(streamId + ":7", complete.id());
        assertEquals("complete", complete.event());
        Map<String, Object> data = complete.json();
        assertEquals(streamId, data.get("streamId"));
        assertEquals(7L, data.get("seq"));
        assertEquals(100L, data.get("progress"));
        long elapsed = (Long) data.get("elapsedMs");
        assertTrue(elapsed >= 6 * delayMs, "complete at " + elapsed + " ms, due at " + 6 * delayMs);
        @SuppressWarnings("unchecked")
        Map<String, Object> stageMs = (Map<String, Object>) data.get("stageMs");
        assertNotNull(stageMs, "complete carries stageMs");
        assertEquals(STAGE_IDS, new ArrayList<>(stageMs.keySet()), "stageMs has every stage, in plan order");
        long sum = 0;
        for (Object value : stageMs.values()) {
            long ms = (Long) value;
            assertTrue(ms >= 0, "stage time " + ms);
            sum += ms;
        }
        assertTrue(sum <= elapsed && sum > elapsed - 6,
                "stage times " + stageMs + " must add up to elapsedMs " + elapsed);
        return data;
    }

    /** The seq part of a stage event id ({@code <streamId>:<seq>}). */
    public static String seqOf(String id) {
        return id.substring(id.lastIndexOf(':') + 1);
    }
}
