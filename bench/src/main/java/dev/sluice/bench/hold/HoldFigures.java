package dev.sluice.bench.hold;

import dev.sluice.bench.report.Figure.Better;
import dev.sluice.bench.report.SideBySideTable;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The sidecar hold table: one column per mode (hold first, then relay) over its rounds. */
public final class HoldFigures {

    private HoldFigures() {
    }

    /** The table for {@code runs} (mode label → its rounds). */
    public static SideBySideTable<List<HoldResult>> table(Map<String, List<HoldResult>> runs) {
        SideBySideTable<List<HoldResult>> table = new SideBySideTable<>("sidecar --mode hold", runs);
        table.row("streams", "", Better.NONE, rs -> sum(rs, HoldResult::launched))
                .row("streams completed (every app event in order)", "", Better.NONE, rs -> sum(rs, HoldResult::completed))
                .row("streams failed", "", Better.LOWER, rs -> sum(rs, HoldResult::failed));
        for (FailureReason reason : FailureReason.values()) {
            table.row("  failed: " + reason.label(), "", Better.LOWER, rs -> sum(rs, r -> r.failures().get(reason)));
        }
        table.row("events received", "", Better.NONE, rs -> sum(rs, HoldResult::events))
                .row("app server: peak open connections", "", Better.LOWER, rs -> mean(rs, HoldResult::appPeakConnections))
                .row("app server: peak connections per 100 clients", "", Better.LOWER,
                        rs -> mean(rs, r -> r.appPeakConnections() * 100.0 / r.launched()))
                .row("app server: connections open after load", "", Better.LOWER,
                        rs -> mean(rs, HoldResult::appConnectionsAfter))
                .row("sluice: peak open connections", "", Better.NONE, rs -> mean(rs, HoldResult::sluicePeakConnections));
        for (double p : new double[] {50, 99, 100}) {
            table.row("time to first event " + label(p), "ms", Better.LOWER, rs -> pct(rs, HoldResult::firstEvent, p));
        }
        for (double p : new double[] {50, 99}) {
            table.row("time to first app event " + label(p), "ms", Better.LOWER, rs -> pct(rs, HoldResult::firstAppEvent, p));
        }
        for (double p : new double[] {50, 99, 100}) {
            table.row("whole stream " + label(p), "ms", Better.LOWER, rs -> pct(rs, HoldResult::streamTime, p));
        }
        table.row("app server: CPU", "s", Better.LOWER, rs -> mean(rs, HoldResult::appCpuSeconds))
                .row("sluice: CPU", "s", Better.LOWER, rs -> mean(rs, HoldResult::sluiceCpuSeconds))
                .row("CPU, app server + sluice, per stream", "ms", Better.LOWER,
                        rs -> mean(rs, r -> (r.appCpuSeconds() + r.sluiceCpuSeconds()) * 1e3 / r.launched()))
                .row("app server: RSS peak", "MB", Better.LOWER, rs -> mean(rs, r -> r.appRssPeakBytes() / 1048576.0))
                .row("sluice: RSS peak", "MB", Better.LOWER, rs -> mean(rs, r -> r.sluiceRssPeakBytes() / 1048576.0));
        runs.forEach((mode, rs) -> rs.forEach(r -> r.failureDetails().forEach(d ->
                table.note(mode + " round " + r.round() + ": " + d))));
        return table;
    }

    private static String label(double p) {
        return p >= 100 ? "max" : "p" + (int) p;
    }

    private static double sum(List<HoldResult> runs, ToDoubleFunction<HoldResult> f) {
        return runs.stream().mapToDouble(f).sum();
    }

    private static double mean(List<HoldResult> runs, ToDoubleFunction<HoldResult> f) {
        return runs.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static double pct(List<HoldResult> runs, Function<HoldResult, Histogram> h, double p) {
        Histogram merged = LatencyHistograms.newHistogram();
        runs.forEach(r -> merged.add(h.apply(r)));
        if (merged.getTotalCount() == 0) {
            return Double.NaN;
        }
        return (p >= 100 ? merged.getMaxValue() : merged.getValueAtPercentile(p)) / 1000.0;
    }
}
