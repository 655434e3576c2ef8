package dev.sluice.bench.cli;

import dev.sluice.bench.scenario.Scenario;
import dev.sluice.bench.scenario.Scenarios;
import dev.sluice.bench.scenario.SidecarScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sluice-bench} command: one subcommand per scenario (run against one target; {@code sidecar}
 * runs its own two modes), {@code compare}
 * (one scenario, several targets, interleaved, with ratios) and the hidden {@code worker} used for
 * multi-process runs.
 */
@Command(name = "sluice-bench", mixinStandardHelpOptions = true, version = "sluice-bench 0.1.0",
        description = "Load generator and report for SSE servers: Sluice, its peers, or any server at a URL.")
public final class BenchMain {

    private static String commandLine = "sluice-bench";

    private BenchMain() {
    }

    /** The command line this process was started with, for reports. */
    static String commandLine() {
        return commandLine;
    }

    /** The command tree. */
    public static CommandLine commands() {
        CommandLine cli = new CommandLine(new BenchMain());
        for (Scenario scenario : Scenarios.all()) {
            CommandLine sub = new CommandLine(scenario instanceof SidecarScenario sidecar
                    ? new SidecarCommand(sidecar) : new ScenarioCommand(scenario));
            sub.getCommandSpec().usageMessage().description(scenario.description());
            cli.addSubcommand(scenario.name(), sub);
        }
        cli.addSubcommand("compare", new CompareCommand());
        cli.addSubcommand("fanout", new FanoutCommand());
        cli.addSubcommand("calibrate", new CalibrateCommand());
        cli.addSubcommand("resume", new ResumeCommand());
        cli.addSubcommand("h2", new H2Command());
        cli.addSubcommand("tls-handshakes", new TlsHandshakesCommand());
        cli.addSubcommand("restart", new RestartCommand());
        cli.addSubcommand("multi-hold", new MultiHoldCommand());
        cli.addSubcommand("worker", new WorkerCommand());
        cli.addSubcommand("null-target", new NullTargetCommand());
        return cli;
    }

    /** Runs the command and exits with its code (3 when streams failed). */
    public static void main(String[] args) {
        commandLine = "java -jar bench/target/sluice-bench.jar " + String.join(" ", args);
        System.exit(commands().execute(args));
    }
}
