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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs a scenario against the bench's null target (a trivial SSE server with pre-encoded events): the
 * latencies it reports are the client's and the loopback's own floor on this machine, with the same
 * pinning and client settings a real run would use.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Run a scenario against a built-in null SSE server: the client's own latency floor.")
public final class CalibrateCommand implements Callable<Integer> {

    @Parameters(index = "0", defaultValue = "ramp", description = "Scenario: ramp, hold, firehose, churn."
            + " Default: ${DEFAULT-VALUE}.")
    String scenarioName;

    @Option(names = "--warm-passes", defaultValue = "0", description = "Passes against the same null target before the measured one."
            + " Default: ${DEFAULT-VALUE}.")
    int warmPasses;

    @Mixin
    LoadOptions load;

    @Mixin
    TargetOptions targets;

    @Override
    public Integer call() throws Exception {
        Scenario scenario = Scenarios.byName(scenarioName);
        if (scenario instanceof SidecarScenario) {
            throw new IllegalArgumentException("calibrate runs ramp, hold, firehose or churn");
        }
        ClientLaunch clients = targets.clientLaunch();
        ScenarioSettings settings = load.apply(scenario.defaults(), clients.cpuCount());
        Preflight.check(settings);
        Path dir = targets.outputDir("calibrate-" + scenario.name());
        List<RunResult> runs = new ScenarioRunner(System.err, clients).run(scenario, settings,
                targets.spec(TargetKind.NULL, dir), 1, warmPasses);
        Report report = new Report("calibrate " + scenario.name(), BenchMain.commandLine(),
                MachineDescription.describe() + "\n" + targets.describeSetup(clients), runs);
        ReportOutput.emit(report, dir, System.out);
        return runs.stream().allMatch(run -> run.client().failed() == 0) ? 0 : 3;
    }
}
