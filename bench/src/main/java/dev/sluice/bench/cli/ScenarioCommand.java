package dev.sluice.bench.cli;

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
        ScenarioSettings settings = load.apply(scenario.defaults());
        Preflight.check(settings);
        Path dir = targets.outputDir(scenario.name());
        RunResult run = new ScenarioRunner(System.err).run(scenario, settings,
                targets.spec(TargetKind.byLabel(target), dir), 1);
        Report report = new Report(scenario.name(), BenchMain.commandLine(), MachineDescription.describe(), List.of(run));
        ReportOutput.emit(report, dir, System.out);
        return run.client().failed() == 0 ? 0 : 3;
    }
}
