package dev.sluice.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import org.junit.jupiter.api.Test;

class HistogramQuantileTest {
    private static final double[] BOUNDS = {0.001, 0.01, 0.1, Double.POSITIVE_INFINITY};

    @Test
    void interpolatesInsideTheBucketHoldingTheRank() {
        // 100 observations: 90 under 1 ms, 10 between 1 and 10 ms. Rank 99 is the 9th of those 10.
        ClassicHistogramBuckets buckets = ClassicHistogramBuckets.of(BOUNDS, new long[] {90, 10, 0, 0});
        assertEquals(0.001 + 0.009 * 0.9, HistogramQuantile.estimate(buckets, 0.99), 1e-12);
        assertEquals(0.001 * 50 / 90, HistogramQuantile.estimate(buckets, 0.5), 1e-12);
    }

    @Test
    void aRankInTheInfiniteBucketIsTheHighestFiniteBound() {
        ClassicHistogramBuckets buckets = ClassicHistogramBuckets.of(BOUNDS, new long[] {1, 0, 0, 99});
        assertEquals(0.1, HistogramQuantile.estimate(buckets, 0.99), 1e-12);
    }

    @Test
    void nothingObservedIsNaN() {
        assertTrue(Double.isNaN(HistogramQuantile.estimate(ClassicHistogramBuckets.of(BOUNDS, new long[4]), 0.99)));
    }

    @Test
    void readsTheNamedHistogramFromTheRegistry() {
        PrometheusRegistry registry = new PrometheusRegistry();
        Histogram histogram = Histogram.builder().name("wait_seconds").help("h").classicOnly()
                .classicUpperBounds(0.001, 0.01, 0.1).register(registry);
        Histogram.builder().name("other_seconds").help("h").classicOnly().classicUpperBounds(5).register(registry)
                .observe(4);
        HistogramQuantile p99 = new HistogramQuantile(registry, "wait_seconds", 0.99);
        assertTrue(Double.isNaN(p99.read()));
        for (int i = 0; i < 100; i++) {
            histogram.observe(i < 90 ? 0.0005 : 0.005);
        }
        assertEquals(0.0091, p99.read(), 1e-12);
    }
}
