package dev.sluice.bench.stats;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one or more client processes saw during a run.
 *
 * @param launched    streams whose connection attempt began
 * @param established streams whose TCP connection came up
 * @param completed   streams that ended with {@code complete} and passed every check
 * @param left        streams the client abandoned on purpose (churn)
 * @param failures    failed streams by reason
 * @param events      events received (all streams)
 * @param bytes       response body bytes received
 * @param peakOpen    most streams open at once (summed over processes, so an upper bound when merged)
 * @param activeNanos from the first intended start to the last stream's end (the longest of the processes)
 * @param latency     the latency histograms
 * @param timeline    counters on the shared sampling grid
 * @param cost        what the client processes themselves spent (CPU, GC pauses, allocation)
 */
public record ClientResult(long launched, long established, long completed, long left,
                           Map<FailureReason, Long> failures, long events, long bytes, long peakOpen,
                           long activeNanos, LatencyHistograms latency, List<TimelineSample> timeline,
                           ClientCost cost) {

    /** A result without the client's own cost (tests, results written before it was measured). */
    public ClientResult(long launched, long established, long completed, long left,
                        Map<FailureReason, Long> failures, long events, long bytes, long peakOpen,
                        long activeNanos, LatencyHistograms latency, List<TimelineSample> timeline) {
        this(launched, established, completed, left, failures, events, bytes, peakOpen, activeNanos, latency,
                timeline, ClientCost.NONE);
    }

    /** The same result with the client's own cost attached. */
    public ClientResult withCost(ClientCost measured) {
        return new ClientResult(launched, established, completed, left, failures, events, bytes, peakOpen,
                activeNanos, latency, timeline, measured);
    }

    /** Failed streams, all reasons. */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Events per second over the active span. */
    public double eventsPerSecond() {
        return activeNanos <= 0 ? 0 : events * 1e9 / activeNanos;
    }

    /** Body bytes per second over the active span. */
    public double bytesPerSecond() {
        return activeNanos <= 0 ? 0 : bytes * 1e9 / activeNanos;
    }

    /** The sum of two processes' results: counts added, histograms merged, timelines added tick by tick. */
    public ClientResult merge(ClientResult other) {
        Map<FailureReason, Long> failed = new EnumMap<>(FailureReason.class);
        for (FailureReason reason : FailureReason.values()) {
            failed.put(reason, failures.getOrDefault(reason, 0L) + other.failures.getOrDefault(reason, 0L));
        }
        LatencyHistograms merged = LatencyHistograms.empty();
        merged.add(latency);
        merged.add(other.latency);
        return new ClientResult(launched + other.launched, established + other.established,
                completed + other.completed, left + other.left, failed, events + other.events,
                bytes + other.bytes, peakOpen + other.peakOpen, Math.max(activeNanos, other.activeNanos),
                merged, mergeTimelines(timeline, other.timeline), cost.merge(other.cost));
    }

    /**
     * A process that stopped sampling earlier than the other counts as holding its final totals and no
     * open streams for the remaining ticks, so cumulative curves never dip.
     */
    private static List<TimelineSample> mergeTimelines(List<TimelineSample> a, List<TimelineSample> b) {
        int lastTick = Math.max(lastTick(a), lastTick(b));
        TreeMap<Integer, TimelineSample> byTick = new TreeMap<>();
        for (List<TimelineSample> samples : List.of(a, b)) {
            for (TimelineSample sample : extended(samples, lastTick)) {
                byTick.merge(sample.tick(), sample, TimelineSample::plus);
            }
        }
        return new ArrayList<>(byTick.values());
    }

    private static int lastTick(List<TimelineSample> samples) {
        return samples.isEmpty() ? -1 : samples.get(samples.size() - 1).tick();
    }

    private static List<TimelineSample> extended(List<TimelineSample> samples, int lastTick) {
        if (samples.isEmpty()) {
            return samples;
        }
        List<TimelineSample> result = new ArrayList<>(samples);
        TimelineSample last = samples.get(samples.size() - 1);
        for (int tick = last.tick() + 1; tick <= lastTick; tick++) {
            result.add(new TimelineSample(tick, 0, last.events(), last.bytes(), last.completed(), last.failed()));
        }
        return result;
    }
}
