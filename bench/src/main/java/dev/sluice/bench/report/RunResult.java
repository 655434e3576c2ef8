package dev.sluice.bench.report;

import dev.sluice.bench.scenario.ScenarioSettings;
import dev.sluice.bench.stats.ClientResult;
import dev.sluice.bench.target.TargetSample;

import java.util.List;

/**
 * One scenario run against one target.
 *
 * @param scenario       scenario name
 * @param target         target label
 * @param round          round number in a comparison (1-based; 1 for a single run)
 * @param settings       the settings used
 * @param client         what the clients saw
 * @param figures        what was measured on the target
 * @param targetTimeline target samples on the run's grid
 * @param upstream       what was measured on the app server behind the target when the target relays one
 *                       (Sluice in sidecar mode), else null
 * @param upstreamTimeline the app server's samples on the run's grid (empty without one)
 */
public record RunResult(String scenario, String target, int round, ScenarioSettings settings, ClientResult client,
                        TargetFigures figures, List<TargetSample> targetTimeline, TargetFigures upstream,
                        List<TargetSample> upstreamTimeline) {

    /** A run against a target with no app server behind it. */
    public RunResult(String scenario, String target, int round, ScenarioSettings settings, ClientResult client,
                     TargetFigures figures, List<TargetSample> targetTimeline) {
        this(scenario, target, round, settings, client, figures, targetTimeline, null, List.of());
    }

    /** Target CPU milliseconds per stream started, or NaN. */
    public double cpuMsPerStream() {
        return figures.cpuSeconds() < 0 || client.launched() == 0 ? Double.NaN
                : figures.cpuSeconds() * 1e3 / client.launched();
    }

    /** Target CPU microseconds per event delivered, or NaN. */
    public double cpuMicrosPerEvent() {
        return figures.cpuSeconds() < 0 || client.events() == 0 ? Double.NaN
                : figures.cpuSeconds() * 1e6 / client.events();
    }

    /** Bytes the target allocated per event delivered, or NaN. */
    public double allocatedPerEvent() {
        return figures.allocatedBytes() < 0 || client.events() == 0 ? Double.NaN
                : figures.allocatedBytes() / (double) client.events();
    }

    /** Bytes the target allocated per stream started, or NaN. */
    public double allocatedPerStream() {
        return figures.allocatedBytes() < 0 || client.launched() == 0 ? Double.NaN
                : figures.allocatedBytes() / (double) client.launched();
    }

    /** Share of the target's CPU time spent in user space (the rest is the kernel's), or NaN. */
    public double targetUserPercent() {
        return figures.cpuUserSeconds() < 0 || figures.cpuSeconds() <= 0 ? Double.NaN
                : 100 * figures.cpuUserSeconds() / figures.cpuSeconds();
    }

    /** The target's CPU over the load's span as a share of the CPUs it may use, or NaN. */
    public double targetBusyPercent() {
        return figures.cpuSeconds() < 0 || figures.cpus() <= 0 || client.activeNanos() <= 0 ? Double.NaN
                : 100 * figures.cpuSeconds() / (client.activeNanos() / 1e9 * figures.cpus());
    }

    /** The clients' CPU over the load's span as a share of the CPUs they may use, or NaN. */
    public double clientBusyPercent() {
        return !client.cost().measured() || client.cost().cpus() <= 0 || client.activeNanos() <= 0 ? Double.NaN
                : 100 * client.cost().cpuSeconds() / (client.activeNanos() / 1e9 * client.cost().cpus());
    }

    /**
     * Which side held the run back: a side busy for at least {@value #SATURATED_PERCENT}% of its CPUs
     * is saturated; "neither" means both had room (the rate, not the CPUs, set the pace).
     */
    public String saturatedSide() {
        boolean clientFull = clientBusyPercent() >= SATURATED_PERCENT;
        boolean targetFull = targetBusyPercent() >= SATURATED_PERCENT;
        return clientFull && targetFull ? "both" : clientFull ? "client" : targetFull ? "target" : "neither";
    }

    /** Busy share from which a side counts as saturated. */
    public static final double SATURATED_PERCENT = 90;
}
