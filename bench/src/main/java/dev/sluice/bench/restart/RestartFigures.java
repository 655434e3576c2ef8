package dev.sluice.bench.restart;

import dev.sluice.bench.report.Figure.Better;
import dev.sluice.bench.report.SideBySideTable;
import dev.sluice.bench.stats.FailureReason;
import org.HdrHistogram.Histogram;

import java.util.Map;

/** The restart table: one column (the run), the restarts as notes. */
public final class RestartFigures {

    private RestartFigures() {
    }

    /** The table for {@code result}. */
    public static SideBySideTable<RestartResult> table(RestartResult result) {
        SideBySideTable<RestartResult> table = new SideBySideTable<>("restart", Map.of("sluice --reuse-port", result));
        table.row("streams", "", Better.NONE, RestartResult::launched)
                .row("streams completed (every event in order)", "", Better.NONE, RestartResult::completed)
                .row("refused connections (failed: connect)", "", Better.LOWER,
                        r -> r.failures().get(FailureReason.CONNECT))
                .row("cut streams (failed: truncated)", "", Better.LOWER, r -> r.failures().get(FailureReason.TRUNCATED))
                .row("answered but not 200 (failed: status)", "", Better.LOWER, r -> r.failures().get(FailureReason.STATUS))
                .row("failed: timeout", "", Better.LOWER, r -> r.failures().get(FailureReason.TIMEOUT))
                .row("failed: protocol", "", Better.LOWER, r -> r.failures().get(FailureReason.PROTOCOL))
                .row("restarts", "", Better.NONE, r -> r.restarts().size())
                .row("new process ready, max", "ms", Better.LOWER, r -> r.restarts().stream()
                        .mapToLong(RestartResult.Restart::readyMs).max().orElse(-1))
                .row("old process exit after SIGTERM, max", "ms", Better.LOWER, r -> r.restarts().stream()
                        .mapToLong(RestartResult.Restart::oldExitMs).max().orElse(-1))
                .row("time to first event p50", "ms", Better.LOWER, r -> pct(r.firstEvent(), 50))
                .row("time to first event p99", "ms", Better.LOWER, r -> pct(r.firstEvent(), 99))
                .row("time to first event max", "ms", Better.LOWER, r -> pct(r.firstEvent(), 100))
                .row("whole stream p99", "ms", Better.LOWER, r -> pct(r.streamTime(), 99));
        for (RestartResult.Restart r : result.restarts()) {
            table.note(String.format(java.util.Locale.ROOT, "restart at %.1f s: new process ready in %d ms, old one"
                    + " exited %d ms after SIGTERM", r.atSeconds(), r.readyMs(), r.oldExitMs()));
        }
        result.failureDetails().forEach(d -> table.note("failure: " + d));
        return table;
    }

    private static double pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : (p >= 100 ? h.getMaxValue() : h.getValueAtPercentile(p)) / 1000.0;
    }
}
