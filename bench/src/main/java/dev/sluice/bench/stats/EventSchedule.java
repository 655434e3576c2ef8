package dev.sluice.bench.stats;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * When each event of a stream is due, relative to the stream's start: event 1 at once, event k+1 after
 * the delays of stages 1..k, the final {@code complete} after the last stage's delay (the gateway's
 * timing contract).
 */
public final class EventSchedule {

    private final long[] offsetsNanos;

    private EventSchedule(long[] offsetsNanos) {
        this.offsetsNanos = offsetsNanos;
    }

    /** The schedule for the given per-stage delays; the stream has {@code delaysMs.length + 1} events. */
    public static EventSchedule ofStageDelays(long[] delaysMs) {
        long[] offsets = new long[delaysMs.length + 1];
        for (int i = 0; i < delaysMs.length; i++) {
            offsets[i + 1] = offsets[i] + TimeUnit.MILLISECONDS.toNanos(delaysMs[i]);
        }
        return new EventSchedule(offsets);
    }

    /** {@code stages} stages of {@code delayMs} each. */
    public static EventSchedule uniform(int stages, long delayMs) {
        long[] delays = new long[stages];
        Arrays.fill(delays, delayMs);
        return ofStageDelays(delays);
    }

    /** Events a stream following this schedule sends, {@code complete} included. */
    public int eventCount() {
        return offsetsNanos.length;
    }

    /** When event {@code seq} (1-based) is due after the stream's start; the last offset for a later seq. */
    public long offsetNanos(int seq) {
        return offsetsNanos[Math.min(seq, offsetsNanos.length) - 1];
    }

    /** When the whole stream is due to end. */
    public long durationNanos() {
        return offsetsNanos[offsetsNanos.length - 1];
    }
}
