package dev.sluice.bench.resume;

import dev.sluice.bench.sse.SseEvent;
import dev.sluice.bench.sse.SseListener;
import dev.sluice.bench.sse.SseParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resume check over the transcripts of a stream's connections, fed one after another to one check. */
class ResumeCheckTest {

    private static final String ID = "s-1f3a9c0d2b4e6f81";

    private static String event(String stream, int seq, String type) {
        String data = "{\"streamId\":\"" + stream + "\",\"seq\":" + seq + (type.equals("stage") ? ",\"stageId\":\"s\"" : "")
                + ",\"progress\":5}";
        return "id: " + stream + ":" + seq + "\nevent: " + type + "\ndata: " + data + "\n\n";
    }

    private static String stages(String stream, int from, int to, int total) {
        StringBuilder text = new StringBuilder();
        for (int seq = from; seq <= to; seq++) {
            text.append(event(stream, seq, seq == total ? "complete" : "stage"));
        }
        return text.toString();
    }

    /** Feeds each connection's transcript through its own parser (a new connection is a new parser). */
    private static List<ResumeCheck.Verdict> feed(ResumeCheck check, String... connections) {
        List<ResumeCheck.Verdict> verdicts = new ArrayList<>();
        for (String transcript : connections) {
            SseParser parser = new SseParser(new SseListener() {
                @Override
                public void onEvent(SseEvent event) {
                    verdicts.add(check.onEvent(event));
                }
            });
            byte[] bytes = transcript.getBytes(StandardCharsets.UTF_8);
            parser.feed(bytes, 0, bytes.length);
        }
        return verdicts;
    }

    @Test
    void aStreamCutTwiceAndResumedExactlyIsComplete() {
        ResumeCheck check = new ResumeCheck(7);
        List<ResumeCheck.Verdict> verdicts = feed(check, "retry: 2000\n\n" + stages(ID, 1, 3, 7), stages(ID, 4, 5, 7),
                ": ping\n\n" + stages(ID, 6, 7, 7));
        assertEquals(7, verdicts.size());
        assertEquals(ResumeCheck.Verdict.COMPLETE, verdicts.get(6));
        assertTrue(check.complete());
        assertEquals(ID + ":7", check.lastEventId());
    }

    @Test
    void theLastIdToSendIsTheLastSeen() {
        ResumeCheck check = new ResumeCheck(7);
        feed(check, stages(ID, 1, 3, 7));
        assertEquals(ID + ":3", check.lastEventId());
        assertFalse(check.complete());
    }

    @Test
    void aReplayedEventIsADuplicate() {
        ResumeCheck check = new ResumeCheck(7);
        feed(check, stages(ID, 1, 3, 7), stages(ID, 3, 7, 7));
        assertEquals("seq 3 again after 3", check.problem());
    }

    @Test
    void aSkippedEventIsNamed() {
        ResumeCheck check = new ResumeCheck(7);
        feed(check, stages(ID, 1, 3, 7), stages(ID, 5, 7, 7));
        assertEquals("seqs 4..4 skipped (got 5)", check.problem());
    }

    @Test
    void aNewJobOnReconnectIsCaught() {
        ResumeCheck check = new ResumeCheck(7);
        feed(check, stages(ID, 1, 3, 7), stages("s-0000000000000002", 4, 7, 7));
        assertTrue(check.problem().startsWith("stream id changed"), check.problem());
    }

    @Test
    void aRestartFromOneIsCaught() {
        ResumeCheck check = new ResumeCheck(7);
        feed(check, stages(ID, 1, 3, 7), stages("s-0000000000000002", 1, 7, 7));
        assertTrue(check.problem().startsWith("stream id changed"), check.problem());
    }

    @Test
    void idsMustNameStreamAndSeq() {
        ResumeCheck check = new ResumeCheck(7);
        feed(check, "id: 1\nevent: stage\ndata: {\"streamId\":\"x\",\"seq\":1}\n\n");
        assertEquals("event id '1' is not <streamId>:<seq>", check.problem());
    }

    @Test
    void dataMustAgreeWithTheId() {
        ResumeCheck check = new ResumeCheck(7);
        feed(check, "id: " + ID + ":1\nevent: stage\ndata: {\"streamId\":\"" + ID + "\",\"seq\":2}\n\n");
        assertTrue(check.problem().contains("carries other data"), check.problem());
    }

    @Test
    void anErrorEventFails() {
        ResumeCheck check = new ResumeCheck(7);
        feed(check, stages(ID, 1, 2, 7), "id: " + ID + ":3\nevent: error\ndata: {\"code\":\"x\"}\n\n");
        assertTrue(check.problem().startsWith("error event after seq 2"), check.problem());
    }

    @Test
    void completeMustBeTheLastAndOnlyThere() {
        ResumeCheck early = new ResumeCheck(7);
        feed(early, stages(ID, 1, 2, 7) + event(ID, 3, "complete"));
        assertEquals("event " + ID + ":3 is 'complete', expected 'stage'", early.problem());
        ResumeCheck late = new ResumeCheck(3);
        feed(late, stages(ID, 1, 2, 3) + event(ID, 3, "stage"));
        assertEquals("event " + ID + ":3 is 'stage', expected 'complete'", late.problem());
    }
}
