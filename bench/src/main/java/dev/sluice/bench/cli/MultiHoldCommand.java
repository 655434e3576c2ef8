package dev.sluice.bench.cli;

import dev.sluice.bench.client.ClientLaunch;
import dev.sluice.bench.client.FileLimit;
import dev.sluice.bench.report.Figure.Better;
import dev.sluice.bench.report.SideBySideTable;
import dev.sluice.bench.scenario.GatewayProcessFigures;
import dev.sluice.bench.scenario.MultiProcessHoldRunner;
import dev.sluice.bench.scenario.Scenario;
import dev.sluice.bench.scenario.ScenarioSettings;
import dev.sluice.bench.scenario.Scenarios;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.target.Affinity;
import dev.sluice.bench.target.TargetKind;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The multi-process {@code hold} (issue 10): N gateway processes sharing one port with {@code --reuse-port},
 * as many client processes as the open-files limit needs, every stream checked; per-process and total
 * live heap, RSS and CPU, and the clients' time to first event.
 */
@Command(name = "multi-hold", mixinStandardHelpOptions = true,
        description = "hold across N gateway processes on one port (--reuse-port): per-process and total heap, RSS, TTFE.")
public final class MultiHoldCommand implements Callable<Integer> {

    @Option(names = "--gateways", defaultValue = "3", description = "Gateway processes. Default: ${DEFAULT-VALUE}.")
    int gateways;

    @Mixin
    SluiceFlagsOption sluiceFlags;

    @Mixin
    LoadOptions load;

    @Mixin
    TargetOptions targets;

    @Override
    public Integer call() throws Exception {
        Scenario hold = Scenarios.byName("hold");
        ClientLaunch clients = targets.clientLaunch();
        ScenarioSettings given = load.apply(new ScenarioSettings(40_000, 2_000, false, 0, 6, 5_000, 0, true,
                "How many streams can N gateways hold?", 0, 8, 1, 15_000, 1_000, true, false), clients.cpuCount());
        long budget = FileLimit.streamsPerProcess();
        int processes = Math.max(given.processes(), (int) Math.ceil(given.streams() / (double) budget));
        ScenarioSettings settings = new ScenarioSettings(given.streams(), given.rate(), given.steady(),
                given.durationMs(), given.stages(), given.stageDelayMs(), given.leaveFraction(), given.post(),
                given.message(), processes, given.sourceAddresses(), given.clientThreads(), given.slackMs(),
                given.sampleMs(), given.heapProbe(), false);
        Preflight.check(settings);
        Path dir = targets.outputDir("multi-hold");
        int targetCpus = Affinity.count(targets.targetCpus, Runtime.getRuntime().availableProcessors());
        MultiProcessHoldRunner.Outcome outcome = new MultiProcessHoldRunner(System.err, clients).run(hold, settings,
                targets.spec(TargetKind.SLUICE, dir), gateways, sluiceFlags.list(), targetCpus);
        SideBySideReport.emit(table(outcome, gateways), dir, targets.describeSetup(clients) + "; " + processes
                + " client processes; cold: fresh gateways, the clients' usual warm-up streams");
        return outcome.run().client().failed() == 0 ? 0 : 3;
    }

    private static SideBySideTable<MultiProcessHoldRunner.Outcome> table(MultiProcessHoldRunner.Outcome o, int n) {
        SideBySideTable<MultiProcessHoldRunner.Outcome> table = new SideBySideTable<>("multi-hold",
                Map.of("sluice x" + n, o));
        table.row("streams", "", Better.NONE, x -> x.run().client().launched())
                .row("streams completed (checked)", "", Better.NONE, x -> x.run().client().completed())
                .row("streams failed", "", Better.LOWER, x -> x.run().client().failed());
        for (FailureReason reason : FailureReason.values()) {
            table.row("  failed: " + reason.label(), "", Better.LOWER, x -> x.run().client().failures().get(reason));
        }
        table.row("peak open connections (all processes)", "", Better.NONE, x -> x.run().figures().peakOpenSockets());
        for (double p : new double[] {50, 99, 100}) {
            table.row("time to first event " + (p >= 100 ? "max" : "p" + (int) p), "ms", Better.LOWER,
                    x -> pct(x.run().client().latency().firstEvent(), p));
        }
        table.row("event lateness p99", "ms", Better.LOWER, x -> pct(x.run().client().latency().lateness(), 99));
        for (int i = 0; i < n; i++) {
            int k = i;
            table.row("process " + (k + 1) + ": peak open streams", "", Better.NONE,
                    x -> x.processes().get(k).peakOpenStreams())
                    .row("process " + (k + 1) + ": live heap per open stream", "B", Better.LOWER,
                            x -> x.processes().get(k).heapPerStream())
                    .row("process " + (k + 1) + ": live heap with streams", "MB", Better.LOWER,
                            x -> mb(x.processes().get(k).heapLoadedBytes()))
                    .row("process " + (k + 1) + ": RSS peak", "MB", Better.LOWER,
                            x -> mb(x.processes().get(k).rssPeakBytes()))
                    .row("process " + (k + 1) + ": CPU", "s", Better.LOWER, x -> x.processes().get(k).cpuSeconds());
        }
        table.row("total: live heap with streams", "MB", Better.LOWER, x -> x.processes().stream()
                        .mapToDouble(p -> mb(p.heapLoadedBytes())).sum())
                .row("total: live heap per open stream", "B", Better.LOWER, x -> {
                    double heap = x.processes().stream().mapToDouble(p -> p.heapLoadedBytes() - p.heapIdleBytes()).sum();
                    double open = x.processes().stream().mapToDouble(GatewayProcessFigures::openAtProbe).sum();
                    return open <= 0 ? Double.NaN : heap / open;
                })
                .row("total: RSS peak (sum of processes)", "MB", Better.LOWER, x -> x.processes().stream()
                        .mapToDouble(p -> mb(p.rssPeakBytes())).sum())
                .row("total: CPU", "s", Better.LOWER, x -> x.processes().stream()
                        .mapToDouble(GatewayProcessFigures::cpuSeconds).sum());
        return table;
    }

    private static double pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : (p >= 100 ? h.getMaxValue() : h.getValueAtPercentile(p)) / 1000.0;
    }

    private static double mb(long bytes) {
        return bytes < 0 ? Double.NaN : bytes / 1048576.0;
    }
}
