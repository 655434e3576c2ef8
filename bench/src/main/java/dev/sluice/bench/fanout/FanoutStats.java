package dev.sluice.bench.fanout;

import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.FailureTally;
import dev.sluice.bench.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters and the delivery-latency histogram of one fanout run, written by the client's event loops and
 * read by the run. Latencies go into an HdrHistogram {@link Recorder} (wait-free for the writers).
 */
public final class FanoutStats {

    private final Recorder delivery = new Recorder(LatencyHistograms.HIGHEST_MICROS, 3);
    private final Recorder publishAck = new Recorder(LatencyHistograms.HIGHEST_MICROS, 3);
    private final AtomicLong subscribed = new AtomicLong();
    private final AtomicLong complete = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong warmDelivered = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();
    private final FailureTally failures = new FailureTally();

    void subscribed() {
        subscribed.incrementAndGet();
    }

    void complete() {
        complete.incrementAndGet();
    }

    /** A measured event arrived {@code latencyMicros} after its intended publish time. */
    void delivered(long latencyMicros, long nowNanos) {
        delivery.recordValue(Math.min(Math.max(0, latencyMicros), LatencyHistograms.HIGHEST_MICROS));
        delivered.incrementAndGet();
        lastDeliveryNanos.accumulateAndGet(nowNanos, Math::max);
    }

    void warmDelivered() {
        warmDelivered.incrementAndGet();
    }

    /** {@code events} were accepted by the target {@code ackMicros} after the first one's intended time. */
    void published(int events, long ackMicros) {
        published.addAndGet(events);
        publishAck.recordValue(Math.min(Math.max(0, ackMicros), LatencyHistograms.HIGHEST_MICROS));
    }

    void failed(FailureReason reason, String detail) {
        failures.add(reason, detail);
    }

    long subscribedCount() {
        return subscribed.get();
    }

    long completeCount() {
        return complete.get();
    }

    long deliveredCount() {
        return delivered.get();
    }

    long warmDeliveredCount() {
        return warmDelivered.get();
    }

    long publishedCount() {
        return published.get();
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos.get();
    }

    long failedCount() {
        return failures.total();
    }

    Map<FailureReason, Long> failures() {
        return failures.byReason();
    }

    List<String> details() {
        return failures.details();
    }

    /** Delivery latencies recorded since the last call. */
    Histogram takeDelivery() {
        return delivery.getIntervalHistogram();
    }

    /** Publish acknowledgement latencies recorded since the last call. */
    Histogram takePublishAck() {
        return publishAck.getIntervalHistogram();
    }
}
