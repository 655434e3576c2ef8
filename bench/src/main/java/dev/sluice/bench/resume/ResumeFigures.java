package dev.sluice.bench.resume;

import dev.sluice.bench.report.Figure.Better;
import dev.sluice.bench.report.SideBySideTable;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The resume table: one column per target over its rounds. */
public final class ResumeFigures {

    private ResumeFigures() {
    }

    /** The table for {@code runs} (target label → its rounds). */
    public static SideBySideTable<List<ResumeResult>> table(Map<String, List<ResumeResult>> runs) {
        SideBySideTable<List<ResumeResult>> table = new SideBySideTable<>("resume", runs);
        table.row("streams", "", Better.NONE, rs -> sum(rs, ResumeResult::launched))
                .row("streams with every seq exactly once, then 204", "", Better.NONE, rs -> sum(rs, ResumeResult::completed))
                .row("streams failed", "", Better.LOWER, rs -> sum(rs, ResumeResult::failed));
        for (FailureReason reason : FailureReason.values()) {
            table.row("  failed: " + reason.label(), "", Better.LOWER, rs -> sum(rs, r -> r.failures().get(reason)));
        }
        table.row("reconnects (drops + final)", "", Better.NONE, rs -> sum(rs, ResumeResult::reconnects))
                .row("final reconnects answered 204", "", Better.NONE, rs -> sum(rs, ResumeResult::finalNoContent))
                .row("events received", "", Better.NONE, rs -> sum(rs, ResumeResult::events))
                .row("stage jobs started on the target (metrics)", "", Better.NONE, rs -> sum(rs, ResumeResult::jobsStarted))
                .row("resumes counted by the target (metrics)", "", Better.NONE,
                        rs -> sum(rs, ResumeResult::resumedReported));
        for (double p : new double[] {50, 99, 100}) {
            table.row("time to first event " + label(p), "ms", Better.LOWER, rs -> pct(rs, ResumeResult::firstEvent, p));
        }
        for (double p : new double[] {50, 99, 100}) {
            table.row("resume: response head after reconnect " + label(p), "ms", Better.LOWER,
                    rs -> pct(rs, ResumeResult::reconnectHead, p));
        }
        for (double p : new double[] {50, 99}) {
            table.row("whole stream " + label(p), "ms", Better.LOWER, rs -> pct(rs, ResumeResult::streamTime, p));
        }
        table.row("target CPU", "s", Better.LOWER, rs -> mean(rs, r -> r.cpuSeconds() < 0 ? Double.NaN : r.cpuSeconds()))
                .row("target CPU per stream", "ms", Better.LOWER, rs -> mean(rs, r -> r.cpuSeconds() < 0
                        ? Double.NaN : r.cpuSeconds() * 1e3 / r.launched()));
        runs.forEach((target, rs) -> rs.forEach(r -> r.failureDetails().forEach(d ->
                table.note(target + " round " + r.round() + ": " + d))));
        return table;
    }

    private static String label(double p) {
        return p >= 100 ? "max" : "p" + (int) p;
    }

    private static double sum(List<ResumeResult> runs, ToDoubleFunction<ResumeResult> f) {
        return runs.stream().mapToDouble(f).sum();
    }

    private static double mean(List<ResumeResult> runs, ToDoubleFunction<ResumeResult> f) {
        return runs.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static double pct(List<ResumeResult> runs, Function<ResumeResult, Histogram> h, double p) {
        Histogram merged = LatencyHistograms.newHistogram();
        runs.forEach(r -> merged.add(h.apply(r)));
        if (merged.getTotalCount() == 0) {
            return Double.NaN;
        }
        return (p >= 100 ? merged.getMaxValue() : merged.getValueAtPercentile(p)) / 1000.0;
    }
}
