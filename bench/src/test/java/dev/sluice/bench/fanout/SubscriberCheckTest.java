package dev.sluice.bench.fanout;

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

/** The fanout subscriber's check over whole transcripts, as a target would send them. */
class SubscriberCheckTest {

    private static String tick(String id, long n, long at) {
        return "id: " + id + "\nevent: tick\ndata: " + EventStamp.json(n, at, 8) + "\n\n";
    }

    private static List<SubscriberCheck.Verdict> run(SubscriberCheck check, String transcript) {
        List<SubscriberCheck.Verdict> verdicts = new ArrayList<>();
        SseParser parser = new SseParser(new SseListener() {
            @Override
            public void onEvent(SseEvent event) {
                verdicts.add(check.onEvent(event, EventStamp.parse(event.data())));
            }
        });
        byte[] bytes = transcript.getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        return verdicts;
    }

    @Test
    void everyEventInOrderIsDoneAtTheLast() {
        SubscriberCheck check = new SubscriberCheck(3, 4);
        List<SubscriberCheck.Verdict> verdicts = run(check, ": subscribed\n\n" + tick("1", 1, 10) + tick("2", 2, 20)
                + tick("fan-0:3", 3, 30) + tick("4", 4, 40));
        assertEquals(List.of(SubscriberCheck.Verdict.NEXT, SubscriberCheck.Verdict.NEXT, SubscriberCheck.Verdict.NEXT,
                SubscriberCheck.Verdict.DONE), verdicts);
        assertNull(check.problem());
        assertEquals(4, check.previous());
    }

    @Test
    void aSubscriberMayJoinDuringTheWarmUp() {
        SubscriberCheck check = new SubscriberCheck(3, 4);
        assertEquals(SubscriberCheck.Verdict.DONE, run(check, tick("2", 2, 0) + tick("3", 3, 0) + tick("4", 4, 0)).get(2));
    }

    @Test
    void joiningAfterTheFirstMeasuredEventFails() {
        SubscriberCheck check = new SubscriberCheck(3, 5);
        assertEquals(List.of(SubscriberCheck.Verdict.INVALID), run(check, tick("4", 4, 0)));
        assertEquals("first event was 4, expected one of 1..3", check.problem());
    }

    @Test
    void aGapIsNamed() {
        SubscriberCheck check = new SubscriberCheck(1, 9);
        run(check, tick("1", 1, 0) + tick("2", 2, 0) + tick("5", 5, 0));
        assertEquals("events 3..4 missing (got 5)", check.problem());
    }

    @Test
    void aDuplicateOrOutOfOrderEventFails() {
        SubscriberCheck check = new SubscriberCheck(1, 9);
        List<SubscriberCheck.Verdict> verdicts = run(check, tick("1", 1, 0) + tick("2", 2, 0) + tick("2", 2, 0)
                + tick("3", 3, 0));
        assertEquals(SubscriberCheck.Verdict.INVALID, verdicts.get(2));
        assertEquals(SubscriberCheck.Verdict.INVALID, verdicts.get(3), "a failed check stays failed");
        assertEquals("event 2 again or out of order after 2", check.problem());
    }

    @Test
    void aResetEventMeansEventsWereMissed() {
        SubscriberCheck check = new SubscriberCheck(1, 9);
        run(check, tick("1", 1, 0) + "event: reset\ndata: {}\n\n");
        assertTrue(check.problem().contains("'reset'"), check.problem());
    }

    @Test
    void dataWithoutTheStampFails() {
        SubscriberCheck check = new SubscriberCheck(1, 9);
        run(check, "event: tick\ndata: {\"hello\":1}\n\n");
        assertTrue(check.problem().startsWith("event data without n and at"), check.problem());
    }

    @Test
    void eventsBeyondTheLastFail() {
        SubscriberCheck check = new SubscriberCheck(1, 1);
        run(check, tick("1", 1, 0));
        assertEquals(SubscriberCheck.Verdict.INVALID, new SubscriberCheck(1, 1).onEvent(
                new SseEvent("2", "tick", EventStamp.json(2, 0, 0)), new EventStamp(2, 0)));
    }

    @Test
    void stampsRoundTripAndPaddingIsIgnored() {
        assertEquals(new EventStamp(17, 1_234_567), EventStamp.parse(EventStamp.json(17, 1_234_567, 100)));
        assertEquals(new EventStamp(1, 0), EventStamp.parse("{\"at\":0,\"n\":1}"));
        assertNull(EventStamp.parse("{\"n\":\"x\",\"at\":1}"));
        assertNull(EventStamp.parse("{\"n\":1}"));
    }
}
