package dev.sluice.peer.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks one transcript against the peer contract: headers, exact frames in order, and their pacing. */
final class StageStreamContract {

    /** A stage as the contract names it. */
    record Stage(String id, String label, int progress) {
    }

    static final List<Stage> DEFAULT_PLAN = List.of(
            new Stage("init", "Reading the message", 5),
            new Stage("intent", "Understanding the intent", 15),
            new Stage("retrieve", "Retrieving context", 35),
            new Stage("reason", "Reasoning", 60),
            new Stage("generate", "Generating the answer", 85),
            new Stage("finalize", "Finalizing", 100));

    private StageStreamContract() {
    }

    static void assertStreamHeaders(SseTranscript transcript) {
        assertEquals(200, transcript.status());
        assertEquals(Optional.of("text/event-stream; charset=utf-8"), transcript.headers().firstValue("content-type"));
        assertEquals(Optional.of("no-cache"), transcript.headers().firstValue("cache-control"));
        assertEquals(Optional.of("no"), transcript.headers().firstValue("x-accel-buffering"));
        assertEquals(Optional.empty(), transcript.headers().firstValue("content-length"));
    }

    /**
     * Asserts the exact frames of a stream of {@code plan} with {@code delayMs} between events, and that they
     * were produced and received spread over time rather than in one burst.
     */
    static void assertStream(SseTranscript transcript, List<Stage> plan, long delayMs) {
        assertStreamHeaders(transcript);
        List<SseTranscript.Block> blocks = transcript.blocks();
        assertEquals("", transcript.trailing(), "bytes after the last blank line");
        assertEquals(plan.size() + 2, blocks.size(), "retry, one block per stage and complete: " + blocks);
        assertEquals("retry: 2000", blocks.get(0).text());

        String streamId = null;
        List<Long> elapsed = new ArrayList<>();
        for (int k = 1; k <= plan.size(); k++) {
            Stage stage = plan.get(k - 1);
            Matcher m = Pattern.compile(Pattern.quote("id: " + k + "\nevent: stage\ndata: {\"streamId\":\"")
                    + "(s-[0-9a-f]+)"
                    + Pattern.quote("\",\"seq\":" + k + ",\"stageId\":\"" + stage.id() + "\",\"label\":\""
                            + stage.label() + "\",\"progress\":" + stage.progress() + ",\"elapsedMs\":")
                    + "(\\d+)\\}").matcher(blocks.get(k).text());
            assertTrue(m.matches(), "stage event " + k + ": " + blocks.get(k).text());
            if (streamId == null) {
                streamId = m.group(1);
            }
            assertEquals(streamId, m.group(1), "one streamId per stream");
            elapsed.add(Long.parseLong(m.group(2)));
        }

        int completeSeq = plan.size() + 1;
        StringBuilder stageMs = new StringBuilder();
        for (Stage stage : plan) {
            stageMs.append(stageMs.length() == 0 ? "" : ",").append(Pattern.quote("\"" + stage.id() + "\":")).append("(\\d+)");
        }
        Matcher complete = Pattern.compile(Pattern.quote("id: " + completeSeq + "\nevent: complete\ndata: {\"streamId\":\""
                        + streamId + "\",\"seq\":" + completeSeq + ",\"progress\":100,\"elapsedMs\":")
                + "(\\d+)" + Pattern.quote(",\"stageMs\":{") + stageMs + "\\}\\}")
                .matcher(blocks.get(completeSeq).text());
        assertTrue(complete.matches(), "complete event: " + blocks.get(completeSeq).text());
        elapsed.add(Long.parseLong(complete.group(1)));

        // Timers may round down by a millisecond; they never fire a whole stage early.
        for (int k = 1; k < elapsed.size(); k++) {
            assertTrue(elapsed.get(k) >= elapsed.get(k - 1), "elapsedMs never goes back: " + elapsed);
            assertTrue(elapsed.get(k) >= k * delayMs - 1, "event " + (k + 1) + " not before its schedule: " + elapsed);
        }
        for (int i = 0; i < plan.size(); i++) {
            assertTrue(Long.parseLong(complete.group(i + 2)) >= delayMs - 1, "stageMs of " + plan.get(i).id());
        }
        long receivedOverMs = (blocks.get(completeSeq).arrivedNanos() - blocks.get(1).arrivedNanos()) / 1_000_000;
        assertTrue(receivedOverMs >= plan.size() * delayMs / 2,
                "events arrive spread in time, not in one burst: first to complete took " + receivedOverMs + " ms");
    }
}
