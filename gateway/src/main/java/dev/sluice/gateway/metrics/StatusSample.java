package dev.sluice.gateway.metrics;

/**
 * The gateway's figures at one instant, as the status page shows them. Counters are totals since
 * start; the status stream turns two samples into rates.
 *
 * @param openStreams streams open now
 * @param streamsStarted streams started since start
 * @param eventsSent events handed to clients since start
 * @param ttfeP99Ms 99th percentile of time to first event in milliseconds, {@code NaN} before the first stream
 */
public record StatusSample(long openStreams, long streamsStarted, long eventsSent, double ttfeP99Ms) {
}
