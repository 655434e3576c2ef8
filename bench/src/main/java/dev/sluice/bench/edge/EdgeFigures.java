package dev.sluice.bench.edge;

import dev.sluice.bench.report.Figure.Better;
import dev.sluice.bench.report.SideBySideTable;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LatencyHistograms;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The tables of the edge scenarios: h1/h2 side by side, and TLS handshakes by provider. */
public final class EdgeFigures {

    private EdgeFigures() {
    }

    /** The h1c/h1/h2 table (protocol label → its rounds). */
    public static SideBySideTable<List<EdgeResult>> streams(Map<String, List<EdgeResult>> runs) {
        SideBySideTable<List<EdgeResult>> table = new SideBySideTable<>("h2", runs);
        table.row("streams", "", Better.NONE, rs -> sum(rs, EdgeResult::launched))
                .row("streams completed (every event in order)", "", Better.NONE, rs -> sum(rs, EdgeResult::completed))
                .row("streams failed", "", Better.LOWER, rs -> sum(rs, EdgeResult::failed));
        for (FailureReason reason : FailureReason.values()) {
            table.row("  failed: " + reason.label(), "", Better.LOWER, rs -> sum(rs, r -> r.failures().get(reason)));
        }
        table.row("client connections", "", Better.NONE, rs -> mean(rs, EdgeResult::connections));
        for (double p : new double[] {50, 99, 100}) {
            table.row("time to first event " + label(p), "ms", Better.LOWER, rs -> pct(rs, EdgeResult::firstEvent, p));
        }
        table.row("whole stream p99", "ms", Better.LOWER, rs -> pct(rs, EdgeResult::streamTime, 99))
                .row("gateway CPU", "s", Better.LOWER, rs -> mean(rs, EdgeResult::cpuSeconds))
                .row("gateway CPU per stream", "ms", Better.LOWER, rs -> mean(rs, r -> r.cpuSeconds() * 1e3 / r.launched()))
                .row("streams open at the heap probe", "", Better.NONE, rs -> mean(rs, r -> r.openAtProbe() < 0
                        ? Double.NaN : r.openAtProbe()))
                .row("live heap per open stream", "B", Better.LOWER, rs -> mean(rs, EdgeResult::heapPerStream))
                .row("gateway RSS peak", "MB", Better.LOWER, rs -> mean(rs, r -> r.rssPeakBytes() / 1048576.0));
        runs.forEach((p, rs) -> rs.forEach(r -> r.failureDetails().forEach(d -> table.note(p + " round " + r.round()
                + ": " + d))));
        return table;
    }

    /** The handshake table (provider → its rounds). */
    public static SideBySideTable<List<HandshakeResult>> handshakes(Map<String, List<HandshakeResult>> runs) {
        SideBySideTable<List<HandshakeResult>> table = new SideBySideTable<>("tls-handshakes", runs);
        table.row("full handshakes", "", Better.NONE, rs -> rs.stream().mapToDouble(HandshakeResult::handshakes).sum())
                .row("failed", "", Better.LOWER, rs -> rs.stream().mapToDouble(HandshakeResult::failed).sum())
                .row("handshakes/s", "", Better.HIGHER, rs -> rs.stream().mapToDouble(r -> r.handshakes() / r.seconds())
                        .average().orElse(Double.NaN))
                .row("connect + handshake p50", "ms", Better.LOWER, rs -> hpct(rs, 50))
                .row("connect + handshake p99", "ms", Better.LOWER, rs -> hpct(rs, 99))
                .row("gateway CPU per handshake", "ms", Better.LOWER, rs -> rs.stream()
                        .mapToDouble(r -> r.handshakes() == 0 ? Double.NaN : r.cpuSeconds() * 1e3 / r.handshakes())
                        .filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN));
        runs.forEach((p, rs) -> rs.forEach(r -> {
            table.note(p + " round " + r.round() + ": gateway reports " + r.reported());
            if (r.firstFailure() != null) {
                table.note(p + " round " + r.round() + ": first failure: " + r.firstFailure());
            }
        }));
        return table;
    }

    private static String label(double p) {
        return p >= 100 ? "max" : "p" + (int) p;
    }

    private static double sum(List<EdgeResult> runs, ToDoubleFunction<EdgeResult> f) {
        return runs.stream().mapToDouble(f).sum();
    }

    private static double mean(List<EdgeResult> runs, ToDoubleFunction<EdgeResult> f) {
        return runs.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static double pct(List<EdgeResult> runs, Function<EdgeResult, Histogram> h, double p) {
        Histogram merged = LatencyHistograms.newHistogram();
        runs.forEach(r -> merged.add(h.apply(r)));
        return merged.getTotalCount() == 0 ? Double.NaN
                : (p >= 100 ? merged.getMaxValue() : merged.getValueAtPercentile(p)) / 1000.0;
    }

    private static double hpct(List<HandshakeResult> runs, double p) {
        Histogram merged = LatencyHistograms.newHistogram();
        runs.forEach(r -> merged.add(r.latency()));
        return merged.getTotalCount() == 0 ? Double.NaN : merged.getValueAtPercentile(p) / 1000.0;
    }
}
