package dev.sluice.bench.report;

import dev.sluice.bench.scenario.ScenarioSettings;
import dev.sluice.bench.stats.ClientResult;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LatencyHistograms;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** With --warm-passes, each peer's cold pass is compared with Sluice's cold pass, and warm with warm. */
class ReportPassesTest {

    private static RunResult run(String target, double cpuSeconds) {
        ScenarioSettings settings = new ScenarioSettings(10, 10, false, 0, 6, 10, 0, true, "m", 1, 1, 1, 1, 1,
                false, false);
        ClientResult client = new ClientResult(10, 10, 10, 0, Map.of(FailureReason.CONNECT, 0L), 70, 700, 10,
                1_000_000_000L, LatencyHistograms.empty(), List.of());
        return new RunResult("ramp", target, 1, settings, client,
                new TargetFigures(cpuSeconds, -1, -1, -1, -1, -1, -1, 10, 0, 0), List.of());
    }

    @Test
    void passesAreComparedPassForPass() {
        Report report = new Report("ramp", "cmd", "machine", List.of(run("sluice pass 1", 4), run("sluice", 1),
                run("node-seed pass 1", 2), run("node-seed", 2)));
        assertEquals(List.of("node-seed pass 1", "node-seed"), report.peers());
        Figure cpu = report.figures().stream().filter(f -> f.name().equals("target CPU")).findFirst().orElseThrow();
        assertEquals(2.0, report.ratio(cpu, "node-seed pass 1"));
        assertEquals(0.5, report.ratio(cpu, "node-seed"));
    }
}
