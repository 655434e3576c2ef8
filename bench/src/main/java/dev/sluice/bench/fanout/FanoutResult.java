package dev.sluice.bench.fanout;

import dev.sluice.bench.stats.FailureReason;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * What one fanout run against one target measured.
 *
 * @param target               the target's label
 * @param round                round number (from 1)
 * @param subscribers          subscribers attempted
 * @param subscribed           subscribers whose response head came with status 200
 * @param complete             subscribers that got every event in order
 * @param failures             failed subscribers by reason
 * @param failureDetails       the first few failures, described
 * @param published            measured events the target accepted (all channels)
 * @param delivered            measured events delivered (all subscribers)
 * @param expectedDeliveries   subscribers × measured events per channel
 * @param delivery             delivery latency from intended publish time, microseconds
 * @param publishAck           publish request latency from its first event's intended time, microseconds
 * @param deliverySeconds      from the first measured intended publish to the last delivery
 * @param cpuSeconds           target CPU during the measured phase (-1 if not measurable)
 * @param rssIdleBytes         target RSS before subscribers (-1 if not measurable)
 * @param rssSubscribedBytes   target RSS with every subscriber connected, before publishing
 * @param rssPeakBytes         highest target RSS sampled during the run
 * @param heapIdleBytes        live heap before subscribers (JVM targets with the heap probe, else -1)
 * @param heapSubscribedBytes  live heap with every subscriber connected (else -1)
 * @param openAfter            connections still open on the target's port 10 s after the subscribers left (-1 if unread)
 * @param clientCpuSeconds     the bench process's own CPU (subscribers and publishers) during the measured phase
 * @param clientCpus           CPUs the bench process may use
 */
public record FanoutResult(String target, int round, int subscribers, long subscribed, long complete,
                           Map<FailureReason, Long> failures, List<String> failureDetails, long published,
                           long delivered, long expectedDeliveries, Histogram delivery, Histogram publishAck,
                           double deliverySeconds, double cpuSeconds, long rssIdleBytes, long rssSubscribedBytes,
                           long rssPeakBytes, long heapIdleBytes, long heapSubscribedBytes, long openAfter,
                           double clientCpuSeconds, int clientCpus) {

    /** Subscribers that failed, over all reasons. */
    public long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
