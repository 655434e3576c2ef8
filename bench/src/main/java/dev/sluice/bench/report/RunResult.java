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
}
