package dev.sluice.bench.hold;

import dev.sluice.bench.sse.SseEvent;
import dev.sluice.bench.sse.SseListener;
import dev.sluice.bench.sse.SseParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app-stream check over transcripts as Sluice would send them: relayed, held (channel ids), broken. */
class HoldStreamCheckTest {

    private static final String ACCEPTED = "id: 1\nevent: stage\ndata: {\"streamId\":\"g-1\",\"seq\":1,"
            + "\"stageId\":\"accepted\",\"label\":\"Request accepted\"}\n\n";

    private static String app(String id, int seq, String type) {
        return "id: " + id + "\nevent: " + type + "\ndata: {\"streamId\":\"s-abc\",\"seq\":" + seq + ",\"progress\":1}\n\n";
    }

    private static String stream(int events, java.util.function.IntFunction<String> id) {
        StringBuilder text = new StringBuilder();
        for (int seq = 1; seq <= events; seq++) {
            text.append(app(id.apply(seq), seq, seq == events ? "complete" : "stage"));
        }
        return text.toString();
    }

    private static List<HoldStreamCheck.Verdict> feed(HoldStreamCheck check, String transcript) {
        List<HoldStreamCheck.Verdict> verdicts = new ArrayList<>();
        SseParser parser = new SseParser(new SseListener() {
            @Override
            public void onEvent(SseEvent event) {
                verdicts.add(check.onEvent(event));
            }
        });
        byte[] bytes = transcript.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        return verdicts;
    }

    @Test
    void aRelayedStreamWithTheGatewaysAcceptedEventCompletes() {
        HoldStreamCheck check = new HoldStreamCheck(7);
        List<HoldStreamCheck.Verdict> verdicts = feed(check, "retry: 2000\n\n" + ACCEPTED + stream(7, Integer::toString));
        assertEquals(8, verdicts.size());
        assertEquals(HoldStreamCheck.Verdict.COMPLETE, verdicts.get(7));
        assertTrue(check.complete());
        assertNull(check.problem());
    }

    @Test
    void aHeldStreamWithChannelIdsAndNoAcceptedEventCompletes() {
        HoldStreamCheck check = new HoldStreamCheck(7);
        feed(check, stream(7, seq -> "job-s-abc:" + seq) + ": ping\n\n");
        assertTrue(check.complete(), check.problem());
    }

    @Test
    void aMissingStageIsNamed() {
        HoldStreamCheck check = new HoldStreamCheck(7);
        feed(check, app("1", 1, "stage") + app("2", 2, "stage") + app("4", 4, "stage"));
        assertEquals("app seqs 3..3 missing (got 4)", check.problem());
    }

    @Test
    void aDuplicateStageIsCaught() {
        HoldStreamCheck check = new HoldStreamCheck(7);
        feed(check, app("1", 1, "stage") + app("1", 1, "stage"));
        assertEquals("app seq 1 again after 1", check.problem());
    }

    @Test
    void anAcceptedEventLaterIsNotSkipped() {
        HoldStreamCheck check = new HoldStreamCheck(7);
        feed(check, app("1", 1, "stage") + ACCEPTED);
        assertEquals("app seq 1 again after 1", check.problem());
    }

    @Test
    void eventsAfterCompleteAndErrorsFail() {
        HoldStreamCheck late = new HoldStreamCheck(2);
        feed(late, app("1", 1, "stage") + app("2", 2, "complete") + app("3", 3, "stage"));
        assertEquals("event after complete: stage", late.problem());
        HoldStreamCheck error = new HoldStreamCheck(7);
        feed(error, ACCEPTED + "id: 2\nevent: error\ndata: {\"code\":\"upstream_timeout\"}\n\n");
        assertTrue(error.problem().startsWith("error event after app seq 0"), error.problem());
    }

    @Test
    void completeOnlyAsTheLast() {
        HoldStreamCheck check = new HoldStreamCheck(7);
        feed(check, app("1", 1, "complete"));
        assertEquals("app seq 1 is 'complete', expected 'stage'", check.problem());
    }

    @Test
    void oneStreamIdThroughout() {
        HoldStreamCheck check = new HoldStreamCheck(7);
        feed(check, app("1", 1, "stage") + "id: 2\nevent: stage\ndata: {\"streamId\":\"s-other\",\"seq\":2}\n\n");
        assertEquals("streamId changed from s-abc to s-other", check.problem());
    }
}
