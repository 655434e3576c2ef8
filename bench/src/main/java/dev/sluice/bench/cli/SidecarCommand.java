package dev.sluice.bench.cli;

import dev.sluice.bench.client.ClientLaunch;
import dev.sluice.bench.client.FileLimit;
import dev.sluice.bench.report.MachineDescription;
import dev.sluice.bench.report.Report;
import dev.sluice.bench.report.RunResult;
import dev.sluice.bench.report.SidecarFigures;
import dev.sluice.bench.scenario.ScenarioSettings;
import dev.sluice.bench.scenario.SidecarMode;
import dev.sluice.bench.scenario.SidecarRunner;
import dev.sluice.bench.scenario.SidecarScenario;
import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs the {@code sidecar} scenario: the same clients straight to the node-seed app server and through
 * Sluice relaying it, interleaved in rounds (direct, sluice, direct, ...), with sluice ÷ direct ratios.
 */
@Command(mixinStandardHelpOptions = true)
public final class SidecarCommand implements Callable<Integer> {

    /** Sockets Sluice holds per relayed stream: the client's and the upstream's. */
    private static final int GATEWAY_SOCKETS_PER_STREAM = 2;

    private final SidecarScenario scenario;

    @Option(names = "--modes", split = ",", defaultValue = "direct,sluice",
            description = "Modes in round order: direct, sluice. Default: ${DEFAULT-VALUE}.")
    List<String> modeNames;

    @Option(names = "--rounds", defaultValue = "1", description = "Rounds over all modes. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--mode", defaultValue = "relay",
            description = "relay: the app server streams its answer and Sluice relays it (--modes direct,sluice);"
                    + " hold: the app answers Sluice-Hold at once and publishes to Sluice's channels (SPEC 10),"
                    + " run beside relay (--hold-modes). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--hold-modes", split = ",", defaultValue = "hold,relay",
            description = "With --mode hold: modes in round order (hold, relay). Default: ${DEFAULT-VALUE}.")
    List<String> holdModes;

    @Option(names = "--token", defaultValue = "bench-publish-token",
            description = "With --mode hold: the publish token Sluice and the app share. Default: ${DEFAULT-VALUE}.")
    String token;

    @Option(names = "--hold-upstream-max-connections", defaultValue = "16",
            description = "With --mode hold: Sluice's --upstream-max-connections in the hold rounds only (relayed"
                    + " streams each keep a connection, so relay rounds run uncapped); 0: no cap."
                    + " Default: ${DEFAULT-VALUE}.")
    int holdUpstreamMaxConnections;

    @Option(names = "--app-cpus", description = "Pin the app server to these CPUs (taskset -c) while it runs behind"
            + " Sluice; reached directly it is the target and runs on --target-cpus. Default: --target-cpus, i.e."
            + " Sluice and its app server share those CPUs, so the relayed run's CPUs do two processes' work.")
    String appCpus;

    @Mixin
    SluiceFlagsOption sluiceFlags;

    @Mixin
    LoadOptions load;

    @Mixin
    TargetOptions targets;

    /** The command for {@code scenario}. */
    public SidecarCommand(SidecarScenario scenario) {
        this.scenario = scenario;
    }

    @Override
    public Integer call() throws Exception {
        ClientLaunch clients = targets.clientLaunch();
        ScenarioSettings settings = load.apply(scenario.defaults(), clients.cpuCount());
        Preflight.check(settings);
        if ("hold".equals(mode)) {
            return new SidecarHoldRounds(holdModes, rounds, token, sluiceFlags.list(), holdUpstreamMaxConnections,
                    targets).run(settings);
        }
        if (!"relay".equals(mode)) {
            throw new IllegalArgumentException("--mode is relay or hold, not " + mode);
        }
        checkGatewayFiles(settings);
        List<SidecarMode> modes = modeNames.stream().map(SidecarMode::byLabel).toList();
        Path dir = targets.outputDir(scenario.name());
        SidecarRunner runner = new SidecarRunner(System.err, clients);
        List<RunResult> runs = new ArrayList<>();
        long failed = 0;
        for (int round = 1; round <= rounds; round++) {
            for (SidecarMode mode : modes) {
                TargetSpec app = targets.spec(TargetKind.NODE_SEED, dir);
                if (mode == SidecarMode.SLUICE && appCpus != null) {
                    app = app.withCpus(appCpus);
                }
                RunResult run = runner.run(scenario, settings, mode, targets.spec(TargetKind.SLUICE, dir), app, round);
                runs.add(run);
                failed += run.client().failed();
            }
        }
        Report report = new Report(scenario.name(), BenchMain.commandLine(),
                MachineDescription.describe() + "\n" + targets.describeSetup(clients)
                        + "; app server behind Sluice: " + (appCpus != null ? "taskset -c " + appCpus
                        : "on the target's CPUs (shared with Sluice)"), runs,
                SidecarFigures.all());
        ReportOutput.emit(report, dir, System.out);
        return failed == 0 ? 0 : 3;
    }

    /** Sluice holds two sockets per relayed stream, so its own open-files limit is reached at half the streams. */
    private static void checkGatewayFiles(ScenarioSettings s) {
        long peak = Preflight.peakStreams(s);
        long files = peak * GATEWAY_SOCKETS_PER_STREAM;
        if (files > FileLimit.streamsPerProcess()) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "up to %d relayed streams open at once need %d sockets in the Sluice process (client and"
                            + " upstream), but a process may open %d files; lower --streams or --rate",
                    peak, files, FileLimit.maxOpenFiles()));
        }
    }
}
