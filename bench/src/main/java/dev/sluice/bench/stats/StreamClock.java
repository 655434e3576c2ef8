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
    private final int firstUpstreamSeq;

    /** A clock for a stream meant to start at {@code intendedStartNanos} (a {@link System#nanoTime()} value). */
    public StreamClock(long intendedStartNanos, EventSchedule schedule, LoadStats stats) {
        this(intendedStartNanos, schedule, stats, 1);
    }

    /**
     * A clock for a stream whose first upstream event is event {@code firstUpstreamSeq}: 2 when
     * Sluice's sidecar mode sends its own {@code accepted} event first, else 1.
     */
    public StreamClock(long intendedStartNanos, EventSchedule schedule, LoadStats stats, int firstUpstreamSeq) {
        this.intendedStartNanos = intendedStartNanos;
        this.schedule = schedule;
        this.stats = stats;
        this.firstUpstreamSeq = firstUpstreamSeq;
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
        if (seq == firstUpstreamSeq) {
            stats.recordFirstUpstreamEvent(micros(nowNanos - intendedStartNanos));
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
