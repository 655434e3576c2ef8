package dev.sluice.bench.stats;

import java.util.concurrent.TimeUnit;

/**
 * Times one stream against its intended start (not the moment its connection happened to be opened),
 * so a backlog in connecting or in the target shows up in every figure: this is how the bench avoids
 * coordinated omission.
 */
public final class StreamClock {

    private final long intendedStartNanos;
    private final EventSchedule schedule;
    private final LoadStats stats;

    /** A clock for a stream meant to start at {@code intendedStartNanos} (a {@link System#nanoTime()} value). */
    public StreamClock(long intendedStartNanos, EventSchedule schedule, LoadStats stats) {
        this.intendedStartNanos = intendedStartNanos;
        this.schedule = schedule;
        this.stats = stats;
    }

    /** The intended start. */
    public long intendedStartNanos() {
        return intendedStartNanos;
    }

    /** Records event {@code seq} (1-based count of events received) arriving at {@code nowNanos}. */
    public void onEvent(int seq, long nowNanos) {
        if (seq == 1) {
            stats.recordFirstEvent(micros(nowNanos - intendedStartNanos));
        }
        long due = intendedStartNanos + schedule.offsetNanos(seq);
        stats.recordLateness(micros(nowNanos - due));
    }

    /** Records the stream's end with its {@code complete} event at {@code nowNanos}. */
    public void onCompleted(long nowNanos) {
        stats.recordStreamTime(micros(nowNanos - intendedStartNanos));
    }

    private static long micros(long nanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
    }
}
