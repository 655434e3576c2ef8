package dev.sluice.bench.stats;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters and histograms of one client process, written from every client event loop and
 * read by the sampler; {@link #result} freezes them.
 */
public final class LoadStats {

    private final Histogram firstEvent = concurrent();
    private final Histogram lateness = concurrent();
    private final Histogram streamTime = concurrent();
    private final Histogram firstUpstreamEvent = concurrent();
    private final LongAdder launched = new LongAdder();
    private final LongAdder established = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder left = new LongAdder();
    private final LongAdder events = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final Map<FailureReason, LongAdder> failures = new EnumMap<>(FailureReason.class);
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong peakOpen = new AtomicLong();
    private final List<TimelineSample> timeline = new ArrayList<>();
    private final AtomicLong reportedProblems = new AtomicLong();
    private static final int PROBLEMS_SHOWN = 5;

    /** Empty stats. */
    public LoadStats() {
        for (FailureReason reason : FailureReason.values()) {
            failures.put(reason, new LongAdder());
        }
    }

    private static Histogram concurrent() {
        return new ConcurrentHistogram(LatencyHistograms.HIGHEST_MICROS, LatencyHistograms.DIGITS);
    }

    void recordFirstEvent(long micros) {
        firstEvent.recordValue(Math.min(micros, LatencyHistograms.HIGHEST_MICROS));
    }

    void recordLateness(long micros) {
        lateness.recordValue(Math.min(micros, LatencyHistograms.HIGHEST_MICROS));
    }

    void recordFirstUpstreamEvent(long micros) {
        firstUpstreamEvent.recordValue(Math.min(micros, LatencyHistograms.HIGHEST_MICROS));
    }

    void recordStreamTime(long micros) {
        streamTime.recordValue(Math.min(micros, LatencyHistograms.HIGHEST_MICROS));
    }

    /** A stream's connection attempt began. */
    public void launched() {
        launched.increment();
    }

    /** A stream's TCP connection is up. */
    public void established() {
        established.increment();
        peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    }

    /** An event and the body bytes that carried it since the previous one. */
    public void event() {
        events.increment();
    }

    /** Body bytes received. */
    public void bytes(long count) {
        bytes.add(count);
    }

    /** A stream ended with {@code complete}; {@code wasOpen} when its connection had been established. */
    public void completed(boolean wasOpen) {
        completed.increment();
        closed(wasOpen);
    }

    /** The client left the stream on purpose (churn). */
    public void left(boolean wasOpen) {
        left.increment();
        closed(wasOpen);
    }

    /** A stream failed; the first few failures' details are printed so a broken run explains itself. */
    public void failed(FailureReason reason, String detail, boolean wasOpen) {
        failures.get(reason).increment();
        closed(wasOpen);
        if (reportedProblems.getAndIncrement() < PROBLEMS_SHOWN) {
            System.err.println("stream failed (" + reason.label() + "): " + detail);
        }
    }

    private void closed(boolean wasOpen) {
        if (wasOpen) {
            open.decrementAndGet();
        }
    }

    /** Streams that have ended one way or another. */
    public long ended() {
        return completed.sum() + left.sum() + failedTotal();
    }

    /** Streams whose attempt began. */
    public long launchedCount() {
        return launched.sum();
    }

    private long failedTotal() {
        long sum = 0;
        for (LongAdder adder : failures.values()) {
            sum += adder.sum();
        }
        return sum;
    }

    /** Appends the counters' current values as tick {@code tick} of the timeline. */
    public synchronized void sample(int tick) {
        timeline.add(new TimelineSample(tick, open.get(), events.sum(), bytes.sum(), completed.sum(), failedTotal()));
    }

    /** Freezes everything recorded so far; {@code activeNanos} is the span from first intended start to last end. */
    public synchronized ClientResult result(long activeNanos) {
        Map<FailureReason, Long> failed = new EnumMap<>(FailureReason.class);
        failures.forEach((reason, adder) -> failed.put(reason, adder.sum()));
        return new ClientResult(launched.sum(), established.sum(), completed.sum(), left.sum(), failed,
                events.sum(), bytes.sum(), peakOpen.get(), activeNanos,
                new LatencyHistograms(firstEvent.copy(), lateness.copy(), streamTime.copy(),
                        firstUpstreamEvent.copy()),
                List.copyOf(timeline));
    }
}
