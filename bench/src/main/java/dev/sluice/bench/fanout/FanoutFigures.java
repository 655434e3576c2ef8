package dev.sluice.bench.fanout;

import dev.sluice.bench.report.Figure.Better;
import dev.sluice.bench.report.SideBySideTable;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The fanout table: one column per target, each over its rounds (counts summed, latency histograms
 * merged, resources averaged per round).
 */
public final class FanoutFigures {

    private FanoutFigures() {
    }

    /** The table for {@code runs} (target label → its rounds, in column order). */
    public static SideBySideTable<List<FanoutResult>> table(Map<String, List<FanoutResult>> runs) {
        SideBySideTable<List<FanoutResult>> table = new SideBySideTable<>("fanout", runs);
        table.row("subscribers", "", Better.NONE, rs -> sum(rs, r -> r.subscribers()))
                .row("subscribers connected", "", Better.NONE, rs -> sum(rs, r -> r.subscribed()))
                .row("subscribers with every event in order", "", Better.NONE, rs -> sum(rs, r -> r.complete()))
                .row("subscribers failed", "", Better.LOWER, rs -> sum(rs, r -> r.failed()));
        for (FailureReason reason : FailureReason.values()) {
            table.row("  failed: " + reason.label(), "", Better.LOWER,
                    rs -> sum(rs, r -> r.failures().getOrDefault(reason, 0L)));
        }
        table.row("events published (measured)", "", Better.NONE, rs -> sum(rs, r -> r.published()))
                .row("deliveries expected", "", Better.NONE, rs -> sum(rs, r -> r.expectedDeliveries()))
                .row("deliveries received", "", Better.NONE, rs -> sum(rs, r -> r.delivered()));
        for (double p : new double[] {50, 99, 99.9, 100}) {
            table.row("delivery latency " + label(p), "ms", Better.LOWER, rs -> percentile(rs, FanoutResult::delivery, p));
        }
        table.row("publish answered p99", "ms", Better.LOWER, rs -> percentile(rs, FanoutResult::publishAck, 99))
                .row("delivered events/s", "", Better.HIGHER,
                        rs -> mean(rs, r -> r.delivered() / r.deliverySeconds()))
                .row("target CPU, measured phase", "s", Better.LOWER, rs -> mean(rs, r -> r.cpuSeconds() < 0
                        ? Double.NaN : r.cpuSeconds()))
                .row("target CPU per delivered event", "us", Better.LOWER, rs -> mean(rs, r -> r.cpuSeconds() < 0
                        || r.delivered() == 0 ? Double.NaN : r.cpuSeconds() * 1e6 / r.delivered()))
                .row("client CPU, measured phase", "s", Better.NONE, rs -> mean(rs, FanoutResult::clientCpuSeconds))
                .row("client busy share of its CPUs", "%", Better.NONE, rs -> mean(rs, r -> r.clientCpuSeconds() * 100
                        / (r.deliverySeconds() * r.clientCpus())))
                .row("target RSS idle", "MB", Better.LOWER, rs -> mean(rs, r -> mb(r.rssIdleBytes())))
                .row("target RSS with subscribers", "MB", Better.LOWER, rs -> mean(rs, r -> mb(r.rssSubscribedBytes())))
                .row("target RSS peak", "MB", Better.LOWER, rs -> mean(rs, r -> mb(r.rssPeakBytes())))
                .row("RSS per subscriber", "KB", Better.LOWER, rs -> mean(rs, FanoutFigures::rssPerSubscriber))
                .row("live heap per subscriber", "B", Better.LOWER, rs -> mean(rs, FanoutFigures::heapPerSubscriber))
                .row("target connections open after", "", Better.LOWER, rs -> mean(rs, r -> r.openAfter() < 0
                        ? Double.NaN : r.openAfter()));
        runs.forEach((target, rs) -> rs.forEach(r -> r.failureDetails().forEach(d ->
                table.note(target + " round " + r.round() + ": " + d))));
        return table;
    }

    static double rssPerSubscriber(FanoutResult r) {
        if (r.rssIdleBytes() < 0 || r.rssSubscribedBytes() < 0 || r.subscribed() == 0) {
            return Double.NaN;
        }
        return (r.rssSubscribedBytes() - r.rssIdleBytes()) / 1024.0 / r.subscribed();
    }

    static double heapPerSubscriber(FanoutResult r) {
        if (r.heapIdleBytes() < 0 || r.heapSubscribedBytes() < 0 || r.subscribed() == 0) {
            return Double.NaN;
        }
        return (r.heapSubscribedBytes() - r.heapIdleBytes()) / (double) r.subscribed();
    }

    private static String label(double p) {
        return p >= 100 ? "max" : "p" + (p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p));
    }

    private static double sum(List<FanoutResult> runs, ToDoubleFunction<FanoutResult> f) {
        return runs.stream().mapToDouble(f).sum();
    }

    private static double mean(List<FanoutResult> runs, ToDoubleFunction<FanoutResult> f) {
        return runs.stream().mapToDouble(f).filter(v -> !Double.isNaN(v) && !Double.isInfinite(v)).average()
                .orElse(Double.NaN);
    }

    private static double percentile(List<FanoutResult> runs, java.util.function.Function<FanoutResult, Histogram> h,
                                     double p) {
        Histogram merged = LatencyHistograms.newHistogram();
        runs.forEach(r -> merged.add(h.apply(r)));
        if (merged.getTotalCount() == 0) {
            return Double.NaN;
        }
        return (p >= 100 ? merged.getMaxValue() : merged.getValueAtPercentile(p)) / 1000.0;
    }

    private static double mb(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
    }
}
