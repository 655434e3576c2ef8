package dev.sluice.bench.scenario;

import dev.sluice.bench.client.ClientLaunch;
import dev.sluice.bench.report.RunResult;
import dev.sluice.bench.target.Affinity;
import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetLauncher;
import dev.sluice.bench.target.TargetSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Runs one mode of the {@code sidecar} scenario: starts a fresh app server (node-seed) and, in
 * {@link SidecarMode#SLUICE} mode, a fresh Sluice with one {@code --route} to it; drives the load at
 * whichever the clients reach, and measures the app server in both modes (and Sluice when it runs).
 */
public final class SidecarRunner {

    private final PrintStream log;
    private final ScenarioRunner runner;

    /** A runner that reports progress to {@code log}. */
    public SidecarRunner(PrintStream log) {
        this(log, ClientLaunch.defaults());
    }

    /** A runner whose client processes start as {@code clients} says. */
    public SidecarRunner(PrintStream log, ClientLaunch clients) {
        this.log = log;
        this.runner = new ScenarioRunner(log, clients);
    }

    /**
     * Runs {@code mode}: {@code gateway} describes Sluice, {@code app} the app server (a node-seed spec).
     * Both processes are stopped before this returns.
     */
    public RunResult run(SidecarScenario scenario, ScenarioSettings settings, SidecarMode mode, TargetSpec gateway,
                         TargetSpec app, int round) throws IOException, InterruptedException {
        if (app.kind() != TargetKind.NODE_SEED || gateway.kind() != TargetKind.SLUICE) {
            throw new IllegalArgumentException("the sidecar scenario runs node-seed behind sluice");
        }
        log.printf("[sidecar] starting %s, round %d (%s; app server %s)%n", mode.label(), round,
                ScenarioRunner.describe(settings), app.describe());
        try (RunningTarget appServer = TargetLauncher.start(app, settings.stages(), settings.stageDelayMs())) {
            if (mode == SidecarMode.DIRECT) {
                return runner.drive(scenario, mode.label(), settings, app.workDir(), appServer, null, round,
                        Affinity.count(app.cpus(), Runtime.getRuntime().availableProcessors()));
            }
            String route = SidecarScenario.ROUTE_PATH + "=http://" + appServer.host() + ":" + appServer.port()
                    + appServer.streamPath();
            try (RunningTarget sluice = TargetLauncher.start(gateway, settings.stages(), settings.stageDelayMs(),
                    List.of("--route", route), SidecarScenario.ROUTE_PATH)) {
                return runner.drive(scenario, mode.label(), settings, gateway.workDir(), sluice, appServer, round,
                        Affinity.count(gateway.cpus(), Runtime.getRuntime().availableProcessors()));
            }
        }
    }
}
