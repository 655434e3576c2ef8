package dev.sluice.bench.client;

import dev.sluice.bench.client.StreamCheck.Verdict;
import dev.sluice.bench.sse.SseEvent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamCheckTest {

    private static SseEvent stage(int seq) {
        return new SseEvent(Integer.toString(seq), "stage", "{\"streamId\":\"s-1\",\"seq\":" + seq + ",\"progress\":5}");
    }

    private static SseEvent complete(int seq) {
        return new SseEvent(Integer.toString(seq), "complete",
                "{\"seq\":" + seq + ",\"progress\":100,\"stageMs\":{\"init\":1}}");
    }

    @Test
    void acceptsStagesThenCompleteWithTheExpectedCount() {
        StreamCheck check = new StreamCheck(3);
        assertEquals(Verdict.CONTINUE, check.onEvent(stage(1)));
        assertEquals(Verdict.CONTINUE, check.onEvent(stage(2)));
        assertEquals(Verdict.COMPLETE, check.onEvent(complete(3)));
        assertTrue(check.isComplete());
        assertNull(check.problem());
    }

    @Test
    void rejectsAnEventAfterComplete() {
        StreamCheck check = new StreamCheck(0);
        check.onEvent(stage(1));
        assertEquals(Verdict.COMPLETE, check.onEvent(complete(2)));
        assertEquals(Verdict.INVALID, check.onEvent(stage(3)));
    }

    @Test
    void rejectsWrongIdsSeqsTypesAndCounts() {
        assertEquals(Verdict.INVALID, new StreamCheck(3).onEvent(stage(2)));
        assertEquals(Verdict.INVALID, new StreamCheck(3).onEvent(new SseEvent("1", "stage", "{\"seq\":4}")));
        assertEquals(Verdict.INVALID, new StreamCheck(3).onEvent(new SseEvent("1", "stage", "not json")));
        assertEquals(Verdict.INVALID, new StreamCheck(3).onEvent(new SseEvent("1", "error", "{\"seq\":1}")));
        assertEquals(Verdict.INVALID, new StreamCheck(3).onEvent(complete(1)));
        StreamCheck early = new StreamCheck(3);
        early.onEvent(stage(1));
        assertEquals(Verdict.CONTINUE, early.onEvent(stage(2)));
        StreamCheck late = new StreamCheck(2);
        late.onEvent(stage(1));
        assertEquals(Verdict.INVALID, late.onEvent(stage(2)));
    }

    @Test
    void idsMayNameTheStreamBeforeThePosition() {
        StreamCheck check = new StreamCheck(2);
        assertEquals(Verdict.CONTINUE, check.onEvent(new SseEvent("s-00ff:1", "stage", "{\"seq\":1}")));
        assertEquals(Verdict.COMPLETE, check.onEvent(new SseEvent("s-00ff:2", "complete", "{\"seq\":2}")));
        assertEquals(Verdict.INVALID, new StreamCheck(2).onEvent(new SseEvent("s-00ff:2", "stage", "{\"seq\":1}")));
        assertEquals(Verdict.INVALID, new StreamCheck(2).onEvent(new SseEvent("s-00ff;1", "stage", "{\"seq\":1}")));
    }

    @Test
    void contentTypeMustBeAnEventStream() {
        assertNull(StreamCheck.checkContentType("text/event-stream; charset=utf-8"));
        assertTrue(StreamCheck.checkContentType("application/json").contains("application/json"));
        assertTrue(StreamCheck.checkContentType(null) != null);
    }
}
