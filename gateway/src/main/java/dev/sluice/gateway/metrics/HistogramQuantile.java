package dev.sluice.gateway.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/**
 * One quantile of a classic histogram in a Prometheus registry, estimated the way PromQL's
 * {@code histogram_quantile} does: find the bucket holding the rank, interpolate linearly inside it.
 *
 * <p>The status page reads time to first event from the very histogram {@code /metrics} exposes, so
 * the two never disagree. Reading collects only that one metric, never the JVM collectors.
 * Thread-safe.
 */
public final class HistogramQuantile {
    private final PrometheusRegistry registry;
    private final String name;
    private final double quantile;

    /**
     * @param name the histogram's Prometheus name, e.g. {@code sluice_time_to_first_event_seconds}
     * @param quantile between 0 and 1, e.g. 0.99
     */
    public HistogramQuantile(PrometheusRegistry registry, String name, double quantile) {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be within [0, 1]: " + quantile);
        }
        this.registry = registry;
        this.name = name;
        this.quantile = quantile;
    }

    /** The quantile over everything observed since start, in the histogram's unit; NaN before any observation. */
    public double read() {
        for (MetricSnapshot snapshot : registry.scrape(name::equals)) {
            if (snapshot instanceof HistogramSnapshot histogram && !histogram.getDataPoints().isEmpty()) {
                return estimate(histogram.getDataPoints().get(0).getClassicBuckets(), quantile);
            }
        }
        return Double.NaN;
    }

    /**
     * Estimates a quantile from classic buckets (per-bucket counts, ascending bounds, the last one
     * {@code +Inf}). A rank in the {@code +Inf} bucket is reported as the highest finite bound, as
     * nothing more is known about it.
     */
    static double estimate(ClassicHistogramBuckets buckets, double quantile) {
        long total = 0;
        for (int i = 0; i < buckets.size(); i++) {
            total += buckets.getCount(i);
        }
        if (total == 0) {
            return Double.NaN;
        }
        double rank = quantile * total;
        long below = 0;
        for (int i = 0; i < buckets.size(); i++) {
            long count = buckets.getCount(i);
            double upper = buckets.getUpperBound(i);
            if (count > 0 && below + count >= rank) {
                if (Double.isInfinite(upper)) {
                    return i == 0 ? Double.NaN : buckets.getUpperBound(i - 1);
                }
                double lower = i == 0 ? 0 : buckets.getUpperBound(i - 1);
                return lower + (upper - lower) * (rank - below) / count;
            }
            below += count;
        }
        return buckets.getUpperBound(buckets.size() - 1);
    }
}
