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
        figures.add(Figure.mean("target RSS idle", "MB", Better.LOWER, r -> mb(r.figures().rssIdleBytes())));
        figures.add(Figure.mean("target RSS peak", "MB", Better.LOWER, r -> mb(r.figures().rssPeakBytes())));
        figures.add(Figure.mean("RSS growth per open stream", "KB", Better.LOWER,
                r -> r.figures().rssPerStream() / 1024));
        figures.add(Figure.mean("live heap per open stream", "B", Better.LOWER, r -> r.figures().heapPerStream()));
        figures.add(Figure.mean("allocation per event", "B", Better.LOWER, RunResult::allocatedPerEvent));
        figures.add(Figure.sum("connections open after drain wait", "", Better.LOWER,
                r -> r.figures().openAfterEnd() < 0 ? Double.NaN : r.figures().openAfterEnd()));
        figures.add(Figure.mean("time to zero open after load", "ms", Better.LOWER,
                r -> r.figures().msToZero() < 0 ? Double.NaN : r.figures().msToZero()));
        return figures;
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
