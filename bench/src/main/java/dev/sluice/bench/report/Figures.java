package dev.sluice.bench.report;

import dev.sluice.bench.report.Figure.Better;
import dev.sluice.bench.stats.FailureReason;

import java.util.ArrayList;
import java.util.List;

/** The rows every report shows, in order. */
public final class Figures {

    private Figures() {
    }

    /** All figures. */
    public static List<Figure> all() {
        List<Figure> figures = new ArrayList<>();
        addLeadingRows(figures, true);
        for (double p : new double[] {50, 99, 99.9, 100}) {
            figures.add(Figure.percentile("event lateness " + label(p), r -> r.client().latency().lateness(), p));
        }
        for (double p : new double[] {50, 99}) {
            figures.add(Figure.percentile("whole stream " + label(p), r -> r.client().latency().streamTime(), p));
        }
        figures.add(Figure.mean("events/s", "", Better.HIGHER, r -> r.client().eventsPerSecond()));
        figures.add(Figure.mean("body bytes/s", "MB/s", Better.HIGHER, r -> r.client().bytesPerSecond() / 1e6));
        figures.add(Figure.mean("peak open connections (target)", "", Better.NONE,
                r -> r.figures().peakOpenSockets() < 0 ? Double.NaN : r.figures().peakOpenSockets()));
        figures.add(Figure.mean("target CPU", "s", Better.LOWER,
                r -> r.figures().cpuSeconds() < 0 ? Double.NaN : r.figures().cpuSeconds()));
        figures.add(Figure.mean("target CPU per stream", "ms", Better.LOWER, RunResult::cpuMsPerStream));
        figures.add(Figure.mean("target CPU per event", "us", Better.LOWER, RunResult::cpuMicrosPerEvent));
        figures.add(Figure.mean("target CPU in user space", "%", Better.NONE, RunResult::targetUserPercent));
        figures.add(Figure.mean("target busy share of its CPUs", "%", Better.NONE, RunResult::targetBusyPercent));
        figures.add(Figure.mean("target RSS idle", "MB", Better.LOWER, r -> mb(r.figures().rssIdleBytes())));
        figures.add(Figure.mean("target RSS peak", "MB", Better.LOWER, r -> mb(r.figures().rssPeakBytes())));
        figures.add(Figure.mean("RSS growth per open stream", "KB", Better.LOWER,
                r -> r.figures().rssPerStream() / 1024));
        figures.add(Figure.mean("live heap per open stream", "B", Better.LOWER, r -> r.figures().heapPerStream()));
        figures.add(Figure.mean("allocation per event", "B", Better.LOWER, RunResult::allocatedPerEvent));
        figures.add(Figure.mean("allocation per stream", "B", Better.LOWER, RunResult::allocatedPerStream));
        figures.add(Figure.sum("target GC pauses", "", Better.LOWER,
                r -> r.figures().gcPauses() < 0 ? Double.NaN : r.figures().gcPauses()));
        figures.add(Figure.mean("target GC pause max", "ms", Better.LOWER, r -> r.figures().gcPauseMaxMs()));
        figures.add(Figure.sum("connections open after drain wait", "", Better.LOWER,
                r -> r.figures().openAfterEnd() < 0 ? Double.NaN : r.figures().openAfterEnd()));
        figures.add(Figure.mean("time to zero open after load", "ms", Better.LOWER,
                r -> r.figures().msToZero() < 0 ? Double.NaN : r.figures().msToZero()));
        addClientRows(figures);
        return figures;
    }

    /**
     * The client's own cost, in every report: if the client is busy, pausing or allocating, the latency
     * rows above show the client as much as the target.
     */
    static void addClientRows(List<Figure> figures) {
        figures.add(Figure.mean("client CPU", "s", Better.NONE, r -> positive(r.client().cost().cpuSeconds())));
        figures.add(Figure.mean("client CPU per stream", "ms", Better.NONE,
                r -> per(r.client().cost().cpuSeconds() * 1e3, r.client().launched())));
        figures.add(Figure.mean("client CPU in kernel", "%", Better.NONE, r -> r.client().cost().measured()
                && r.client().cost().cpuSeconds() > 0
                ? 100 * r.client().cost().systemSeconds() / r.client().cost().cpuSeconds() : Double.NaN));
        figures.add(Figure.mean("client busy share of its CPUs", "%", Better.NONE, RunResult::clientBusyPercent));
        figures.add(Figure.sum("client GC pauses", "", Better.NONE,
                r -> r.client().cost().measured() ? r.client().cost().gcPauses() : Double.NaN));
        figures.add(Figure.mean("client GC pause max", "ms", Better.NONE,
                r -> r.client().cost().measured() ? r.client().cost().gcPauseMaxMs() : Double.NaN));
        figures.add(Figure.mean("client JIT compilation", "ms", Better.NONE,
                r -> positive(r.client().cost().jitMs())));
        figures.add(Figure.mean("client allocation per stream", "B", Better.NONE,
                r -> per(r.client().cost().allocatedBytes(), r.client().launched())));
        figures.add(Figure.mean("client allocation per event", "B", Better.NONE,
                r -> per(r.client().cost().allocatedBytes(), r.client().events())));
    }

    private static double positive(double value) {
        return value < 0 ? Double.NaN : value;
    }

    private static double per(double amount, long count) {
        return amount < 0 || count == 0 ? Double.NaN : amount / count;
    }

    /**
     * Adds the rows both the scenario and the sidecar report start with: stream counts, failures by reason,
     * events received and time-to-first-event percentiles; {@code churnRow} adds "streams left (churn)" after
     * "streams completed".
     */
    static void addLeadingRows(List<Figure> figures, boolean churnRow) {
        figures.add(Figure.sum("streams started", "", Better.NONE, r -> r.client().launched()));
        figures.add(Figure.sum("streams completed", "", Better.NONE, r -> r.client().completed()));
        if (churnRow) {
            figures.add(Figure.sum("streams left (churn)", "", Better.NONE, r -> r.client().left()));
        }
        figures.add(Figure.sum("streams failed", "", Better.LOWER, r -> r.client().failed()));
        for (FailureReason reason : FailureReason.values()) {
            figures.add(Figure.sum("  failed: " + reason.label(), "", Better.LOWER,
                    r -> r.client().failures().getOrDefault(reason, 0L)));
        }
        figures.add(Figure.sum("events received", "", Better.NONE, r -> r.client().events()));
        for (double p : new double[] {50, 99, 99.9, 100}) {
            figures.add(Figure.percentile("time to first event " + label(p), r -> r.client().latency().firstEvent(), p));
        }
    }

    private static double mb(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
    }

    /** A percentile's row label: p50, p99.9, max. */
    static String label(double p) {
        return p >= 100 ? "max" : "p" + (p == Math.floor(p) ? Long.toString((long) p) : Double.toString(p));
    }
}
