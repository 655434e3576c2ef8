package dev.sluice.bench.cli;

import dev.sluice.bench.client.ClientLaunch;
import dev.sluice.bench.report.MachineDescription;
import dev.sluice.bench.report.Report;
import dev.sluice.bench.report.RunResult;
import dev.sluice.bench.scenario.Scenario;
import dev.sluice.bench.scenario.ScenarioRunner;
import dev.sluice.bench.scenario.ScenarioSettings;
import dev.sluice.bench.scenario.Scenarios;
import dev.sluice.bench.scenario.SidecarScenario;
import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs one scenario against Sluice and each peer in interleaved rounds (sluice, node-seed,
 * reactor-netty, sluice, ...), so drift on the machine hits every target alike, and prints every figure
 * with Sluice ÷ peer ratios.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run one scenario against several targets, interleaved in rounds, with ratios.")
public final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Scenario: ramp, hold, firehose, churn.")
    String scenarioName;

    @Option(names = "--targets", split = ",", defaultValue = "sluice,node-seed,reactor-netty",
            description = "Targets in round order. Default: ${DEFAULT-VALUE}.")
    List<String> targetNames;

    @Option(names = "--rounds", defaultValue = "2", description = "Rounds over all targets. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--warm-passes", defaultValue = "0", description = "Passes run against each target process"
            + " before the measured one (reported as '<target> pass N'). Default: ${DEFAULT-VALUE}.")
    int warmPasses;

    @Mixin
    LoadOptions load;

    @Mixin
    TargetOptions targets;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = Scenarios.byName(scenarioName);
        if (scenario instanceof SidecarScenario) {
            throw new IllegalArgumentException("sidecar compares its own modes (direct and through Sluice):"
                    + " run `sluice-bench sidecar`");
        }
        ClientLaunch clients = targets.clientLaunch();
        ScenarioSettings settings = load.apply(scenario.defaults(), clients.cpuCount());
        Preflight.check(settings);
        Path dir = targets.outputDir("compare-" + scenario.name());
        for (String name : targetNames) {
            TargetLauncher.requireInstalled(targets.spec(TargetKind.byLabel(name), dir));
        }
        ScenarioRunner runner = new ScenarioRunner(System.err, clients);
        List<RunResult> runs = new ArrayList<>();
        long failed = 0;
        for (int round = 1; round <= rounds; round++) {
            for (String name : targetNames) {
                for (RunResult run : runner.run(scenario, settings, targets.spec(TargetKind.byLabel(name), dir), round,
                        warmPasses)) {
                    runs.add(run);
                    failed += run.client().failed();
                }
            }
        }
        Report report = new Report(scenario.name(), BenchMain.commandLine(),
                MachineDescription.describe() + "\n" + targets.describeSetup(clients), runs);
        ReportOutput.emit(report, dir, System.out);
        return failed == 0 ? 0 : 3;
    }
}
