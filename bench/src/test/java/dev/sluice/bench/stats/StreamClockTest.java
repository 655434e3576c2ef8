package dev.sluice.bench.stats;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StreamClockTest {

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void measuresFromTheIntendedStartNotFromTheConnection() {
        LoadStats stats = new LoadStats();
        long intended = ms(1_000);
        EventSchedule schedule = EventSchedule.uniform(2, 100);
        StreamClock clock = new StreamClock(intended, schedule, stats);
        // The client connected 40 ms late; the first event came 5 ms after that.
        clock.onEvent(1, intended + ms(45));
        // Event 2 was due at +100 ms and came at +160 ms; complete was due at +200 and came at +205.
        clock.onEvent(2, intended + ms(160));
        clock.onEvent(3, intended + ms(205));
        clock.onCompleted(intended + ms(205));

        LatencyHistograms h = stats.result(ms(205)).latency();
        assertEquals(1, h.firstEvent().getTotalCount());
        assertEquals(45_000, h.firstEvent().getMaxValue(), 50);
        assertEquals(3, h.lateness().getTotalCount());
        assertEquals(5_000, h.lateness().getMinValue(), 10);
        assertEquals(45_000, h.lateness().getValueAtPercentile(50), 50);
        assertEquals(60_000, h.lateness().getMaxValue(), 50);
        assertEquals(205_000, h.streamTime().getMaxValue(), 250);
    }

    @Test
    void timesTheFirstUpstreamEventApartFromTheGatewaysOwnFirstEvent() {
        LoadStats stats = new LoadStats();
        long intended = ms(1_000);
        // Through Sluice's sidecar: accepted (due at once), then the upstream's init (due at once) and complete.
        StreamClock clock = new StreamClock(intended, EventSchedule.ofStageDelays(new long[] {0, 100}), stats, 2);
        clock.onEvent(1, intended + ms(2));
        clock.onEvent(2, intended + ms(30));
        clock.onEvent(3, intended + ms(125));

        LatencyHistograms h = stats.result(ms(125)).latency();
        assertEquals(2_000, h.firstEvent().getMaxValue(), 10);
        assertEquals(1, h.firstUpstreamEvent().getTotalCount());
        assertEquals(30_000, h.firstUpstreamEvent().getMaxValue(), 50);
        assertEquals(30_000, h.lateness().getMaxValue(), 50);

        // A direct stream's first event is its first upstream event.
        LoadStats direct = new LoadStats();
        new StreamClock(intended, EventSchedule.uniform(1, 100), direct).onEvent(1, intended + ms(7));
        assertEquals(7_000, direct.result(ms(7)).latency().firstUpstreamEvent().getMaxValue(), 10);
    }

    @Test
    void earlyEventsCountAsZeroLateness() {
        LoadStats stats = new LoadStats();
        StreamClock clock = new StreamClock(ms(10), EventSchedule.uniform(1, 100), stats);
        clock.onEvent(1, ms(10));
        clock.onEvent(2, ms(50));
        assertEquals(0, stats.result(1).latency().lateness().getMaxValue());
    }

    @Test
    void scheduleSumsTheDelaysOfTheStagesBeforeEachEvent() {
        EventSchedule schedule = EventSchedule.ofStageDelays(new long[] {10, 20, 30});
        assertEquals(4, schedule.eventCount());
        assertEquals(0, schedule.offsetNanos(1));
        assertEquals(ms(10), schedule.offsetNanos(2));
        assertEquals(ms(30), schedule.offsetNanos(3));
        assertEquals(ms(60), schedule.offsetNanos(4));
        assertEquals(ms(60), schedule.durationNanos());
    }
}
