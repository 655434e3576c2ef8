package dev.sluice.bench.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The latency distributions of a run, in microseconds, all measured from each stream's intended
 * start so that a target (or a client) that falls behind shows its queueing instead of hiding it.
 *
 * @param firstEvent time from intended start to the first event
 * @param lateness   for every event, arrival minus its expected time (intended start + the delays of the
 *                   stages before it), floored at zero
 * @param streamTime time from intended start to the end of a completed stream
 * @param firstUpstreamEvent time from intended start to the first event the upstream produced: the
 *                   first event, except through Sluice's sidecar mode, where the gateway's own
 *                   {@code accepted} event comes before it
 */
public record LatencyHistograms(Histogram firstEvent, Histogram lateness, Histogram streamTime,
                                Histogram firstUpstreamEvent) {

    /** Highest value tracked: one hour in microseconds. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;

    /** Significant digits kept by every histogram. */
    public static final int DIGITS = 3;

    /** Empty histograms. */
    public static LatencyHistograms empty() {
        return new LatencyHistograms(newHistogram(), newHistogram(), newHistogram(), newHistogram());
    }

    /** An empty histogram with the bench's range and precision. */
    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, DIGITS);
    }

    /** A recorder with the bench's range and precision: many client loops write it without waiting. */
    public static Recorder newRecorder() {
        return new Recorder(HIGHEST_MICROS, DIGITS);
    }

    /** Records {@code nanos} as microseconds, clamped into the recorder's range (a negative time counts as 0). */
    public static void recordNanos(Recorder recorder, long nanos) {
        recorder.recordValue(Math.min(Math.max(0, nanos / 1_000), HIGHEST_MICROS));
    }

    /** Adds every distribution of {@code other} into this one's. */
    public void add(LatencyHistograms other) {
        firstEvent.add(other.firstEvent);
        lateness.add(other.lateness);
        streamTime.add(other.streamTime);
        firstUpstreamEvent.add(other.firstUpstreamEvent);
    }
}
