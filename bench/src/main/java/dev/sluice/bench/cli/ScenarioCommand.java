package dev.sluice.bench.cli;

import dev.sluice.bench.client.ClientLaunch;
import dev.sluice.bench.report.MachineDescription;
import dev.sluice.bench.report.Report;
import dev.sluice.bench.report.RunResult;
import dev.sluice.bench.scenario.Scenario;
import dev.sluice.bench.scenario.ScenarioRunner;
import dev.sluice.bench.scenario.ScenarioSettings;
import dev.sluice.bench.target.TargetKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** Runs one scenario against one target. */
@Command(mixinStandardHelpOptions = true)
public final class ScenarioCommand implements Callable<Integer> {

    private final Scenario scenario;

    @Spec
    CommandSpec spec;

    @Option(names = "--target", defaultValue = "sluice",
            description = "sluice, node-seed, reactor-netty or external (with --url). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--warm-passes", defaultValue = "0", description = "Run the load this many times against the"
            + " same target process first (reported as '<target> pass N', the cold figures); the last pass is the"
            + " warm one. Default: ${DEFAULT-VALUE}.")
    int warmPasses;

    @Mixin
    LoadOptions load;

    @Mixin
    TargetOptions targets;

    /** The command for {@code scenario}. */
    public ScenarioCommand(Scenario scenario) {
        this.scenario = scenario;
    }

    @Override
    public Integer call() throws Exception {
        ClientLaunch clients = targets.clientLaunch();
        ScenarioSettings settings = load.apply(scenario.defaults(), clients.cpuCount());
        Preflight.check(settings);
        Path dir = targets.outputDir(scenario.name());
        List<RunResult> runs = new ScenarioRunner(System.err, clients).run(scenario, settings,
                targets.spec(TargetKind.byLabel(target), dir), 1, warmPasses);
        Report report = new Report(scenario.name(), BenchMain.commandLine(),
                MachineDescription.describe() + "\n" + targets.describeSetup(clients), runs);
        ReportOutput.emit(report, dir, System.out);
        return runs.stream().allMatch(run -> run.client().failed() == 0) ? 0 : 3;
    }
}
