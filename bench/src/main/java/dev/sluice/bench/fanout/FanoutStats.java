package dev.sluice.bench.fanout;

import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters and the delivery-latency histogram of one fanout run, written by the client's event loops and
 * read by the run. Latencies go into an HdrHistogram {@link Recorder} (wait-free for the writers).
 */
public final class FanoutStats {

    private static final int DETAILS_KEPT = 5;

    private final Recorder delivery = new Recorder(LatencyHistograms.HIGHEST_MICROS, 3);
    private final Recorder publishAck = new Recorder(LatencyHistograms.HIGHEST_MICROS, 3);
    private final AtomicLong subscribed = new AtomicLong();
    private final AtomicLong complete = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong warmDelivered = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();
    private final AtomicLongArray failures = new AtomicLongArray(FailureReason.values().length);
    private final List<String> details = Collections.synchronizedList(new ArrayList<>());

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
        failures.incrementAndGet(reason.ordinal());
        if (details.size() < DETAILS_KEPT) {
            details.add(reason.name().toLowerCase(java.util.Locale.ROOT) + ": " + detail);
        }
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
        long total = 0;
        for (int i = 0; i < failures.length(); i++) {
            total += failures.get(i);
        }
        return total;
    }

    Map<FailureReason, Long> failures() {
        Map<FailureReason, Long> byReason = new EnumMap<>(FailureReason.class);
        for (FailureReason reason : FailureReason.values()) {
            byReason.put(reason, failures.get(reason.ordinal()));
        }
        return byReason;
    }

    List<String> details() {
        synchronized (details) {
            return List.copyOf(details);
        }
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
