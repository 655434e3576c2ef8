package dev.sluice.bench.report;

import dev.sluice.bench.report.Figure.Better;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The rows of the {@code sidecar} report. Runs are labelled {@code direct} (clients straight to the app
 * server, which is then the run's target) and {@code sluice} (clients to Sluice, which relays to the app
 * server, its upstream). App-server rows read the upstream's figures through Sluice and the target's
 * directly; Sluice rows are n/a for direct runs.
 */
public final class SidecarFigures {

    private SidecarFigures() {
    }

    /** All rows, in order. */
    public static List<Figure> all() {
        List<Figure> figures = new ArrayList<>();
        Figures.addLeadingRows(figures, false);
        figures.add(Figure.mean("sluice: own time to first event p99 (request read to accepted written)", "ms",
                Better.LOWER, sluice(TargetFigures::ownFirstEventP99Ms)));
        for (double p : new double[] {50, 99, 99.9, 100}) {
            figures.add(Figure.percentile("time to first upstream event " + Figures.label(p),
                    r -> r.client().latency().firstUpstreamEvent(), p));
        }
        for (double p : new double[] {50, 99}) {
            figures.add(Figure.percentile("event lateness " + Figures.label(p),
                    r -> r.client().latency().lateness(), p));
        }
        for (double p : new double[] {50, 99, 100}) {
            figures.add(Figure.percentile("whole stream " + Figures.label(p),
                    r -> r.client().latency().streamTime(), p));
        }
        figures.add(Figure.mean("app server: peak open connections", "", Better.NONE,
                app(f -> f.peakOpenSockets() < 0 ? Double.NaN : f.peakOpenSockets())));
        figures.add(Figure.mean("app server: connections open after load", "", Better.NONE,
                app(f -> f.openAfterEnd() < 0 ? Double.NaN : f.openAfterEnd())));
        figures.add(Figure.mean("app server: CPU", "s", Better.LOWER, app(f -> f.cpuSeconds() < 0 ? Double.NaN
                : f.cpuSeconds())));
        figures.add(Figure.mean("app server: CPU per stream", "ms", Better.LOWER,
                r -> perStream(appFigures(r).cpuSeconds(), r)));
        figures.add(Figure.mean("app server: RSS idle", "MB", Better.LOWER, app(f -> mb(f.rssIdleBytes()))));
        figures.add(Figure.mean("app server: RSS peak", "MB", Better.LOWER, app(f -> mb(f.rssPeakBytes()))));
        figures.add(Figure.mean("sluice: peak open client connections", "", Better.NONE,
                sluice(f -> f.peakOpenSockets() < 0 ? Double.NaN : f.peakOpenSockets())));
        figures.add(Figure.mean("sluice: CPU", "s", Better.LOWER, sluice(f -> f.cpuSeconds() < 0 ? Double.NaN
                : f.cpuSeconds())));
        figures.add(Figure.mean("sluice: CPU per stream", "ms", Better.LOWER,
                r -> r.upstream() == null ? Double.NaN : perStream(r.figures().cpuSeconds(), r)));
        figures.add(Figure.mean("sluice: RSS idle", "MB", Better.LOWER, sluice(f -> mb(f.rssIdleBytes()))));
        figures.add(Figure.mean("sluice: RSS peak", "MB", Better.LOWER, sluice(f -> mb(f.rssPeakBytes()))));
        figures.add(Figure.mean("sluice: live heap per open stream", "B", Better.LOWER,
                sluice(TargetFigures::heapPerStream)));
        figures.add(Figure.mean("sluice: client connections open after drain wait", "", Better.LOWER,
                sluice(f -> f.openAfterEnd() < 0 ? Double.NaN : f.openAfterEnd())));
        figures.add(Figure.mean("CPU, app server + sluice", "s", Better.LOWER, SidecarFigures::totalCpu));
        Figures.addClientRows(figures);
        return figures;
    }

    /** The app server's figures: the upstream's through Sluice, the target's when reached directly. */
    static TargetFigures appFigures(RunResult run) {
        return run.upstream() != null ? run.upstream() : run.figures();
    }

    private static ToDoubleFunction<RunResult> app(ToDoubleFunction<TargetFigures> figure) {
        return r -> figure.applyAsDouble(appFigures(r));
    }

    private static ToDoubleFunction<RunResult> sluice(ToDoubleFunction<TargetFigures> figure) {
        return r -> r.upstream() == null ? Double.NaN : figure.applyAsDouble(r.figures());
    }

    private static double totalCpu(RunResult run) {
        double app = appFigures(run).cpuSeconds();
        double gateway = run.upstream() == null ? 0 : run.figures().cpuSeconds();
        return app < 0 || gateway < 0 ? Double.NaN : app + gateway;
    }

    private static double perStream(double cpuSeconds, RunResult run) {
        return cpuSeconds < 0 || run.client().launched() == 0 ? Double.NaN : cpuSeconds * 1e3 / run.client().launched();
    }

    private static double mb(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024.0);
    }
}
