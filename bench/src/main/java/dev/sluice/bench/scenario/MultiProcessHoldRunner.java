package dev.sluice.bench.scenario;

import dev.sluice.bench.client.ClientLaunch;
import dev.sluice.bench.client.SamplerThread;
import dev.sluice.bench.report.RunResult;
import dev.sluice.bench.target.MetricsScrape;
import dev.sluice.bench.target.ProcessProbe;
import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetLauncher;
import dev.sluice.bench.target.TargetSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code hold} load against N gateway processes sharing one port with {@code --reuse-port} (each with
 * its own admin port), with as many client processes as the open-files limit needs. The clients and the
 * whole-run figures are the usual ones ({@link ScenarioRunner}); beside them every gateway process is
 * sampled on its own: open streams from its {@code /metrics}, CPU and RSS from {@code /proc}, and its live
 * heap once the expected streams are open (summed over the processes).
 */
public final class MultiProcessHoldRunner {

    private static final String STREAM_PATH = "/api/chat/stream";
    private static final long SAMPLE_MS = 500;

    private final PrintStream log;
    private final ClientLaunch clients;

    /** A runner reporting to {@code log}, its clients started as {@code clients} says. */
    public MultiProcessHoldRunner(PrintStream log, ClientLaunch clients) {
        this.log = log;
        this.clients = clients;
    }

    /** The whole run's result and each process's figures. */
    public record Outcome(RunResult run, List<GatewayProcessFigures> processes) {
    }

    /** Runs {@code settings} (its heap probe is done here, per process) against {@code gateways} processes. */
    public Outcome run(Scenario scenario, ScenarioSettings settings, TargetSpec spec, int gateways,
                       List<String> sluiceFlags, int targetCpus) throws IOException, InterruptedException {
        int port = TargetLauncher.freePort();
        List<RunningTarget> targets = new ArrayList<>();
        List<Integer> admins = new ArrayList<>();
        ScheduledExecutorService sampler = SamplerThread.start("multi-hold-sampler");
        try {
            for (int i = 0; i < gateways; i++) {
                int admin = TargetLauncher.freePort();
                List<String> flags = new ArrayList<>(List.of("--reuse-port", "true", "--admin-port",
                        Integer.toString(admin)));
                flags.addAll(sluiceFlags);
                targets.add(TargetLauncher.start(spec, settings.stages(), settings.stageDelayMs(), flags, STREAM_PATH,
                        port, admin));
                admins.add(admin);
            }
            log.printf("[multi-hold] %d gateway processes on port %d (admin ports %s)%n", gateways, port, admins);
            int n = targets.size();
            long[] heapIdle = new long[n];
            long[] rssIdle = new long[n];
            double[] cpuBefore = new double[n];
            double[] peakOpen = new double[n];
            long[] rssPeak = new long[n];
            long[] heapLoaded = new long[n];
            double[] openAtProbe = new double[n];
            ProcessProbe[] probes = new ProcessProbe[n];
            MetricsScrape[] metrics = new MetricsScrape[n];
            for (int i = 0; i < n; i++) {
                probes[i] = targets.get(i).processProbe();
                metrics[i] = new MetricsScrape("127.0.0.1", admins.get(i));
                heapIdle[i] = settings.heapProbe() ? targets.get(i).heapProbe().liveBytesAfterGc() : -1;
                rssIdle[i] = probes[i].rssBytes();
                cpuBefore[i] = probes[i].cpuSeconds();
                heapLoaded[i] = -1;
            }
            long expected = Math.min(settings.streams(), (long) Math.ceil(settings.rate()
                    * (settings.stages() * settings.stageDelayMs() / 1000.0)));
            boolean[] probed = {false};
            // The clients start some seconds after this (a JVM each, then about a second of warm-up streams), so
            // the fallback deadline counts from the first open stream seen: the warm-up, the arrivals, 4 s more.
            // The probe runs as soon as 99% of the expected streams are open.
            long latestProbeMs = 2_000 + (long) (settings.streams() / settings.rate() * 1000) + 4_000;
            long[] firstOpenAt = {0};
            double[] maxTotal = {0};
            sampler.scheduleAtFixedRate(() -> {
                double total = 0;
                double[] open = new double[n];
                for (int i = 0; i < n; i++) {
                    open[i] = metrics[i].value("sluice_streams_open");
                    total += Double.isNaN(open[i]) ? 0 : open[i];
                    peakOpen[i] = Math.max(peakOpen[i], Double.isNaN(open[i]) ? 0 : open[i]);
                    rssPeak[i] = Math.max(rssPeak[i], probes[i].rssBytes());
                }
                if (firstOpenAt[0] == 0 && total > 0) {
                    firstOpenAt[0] = System.currentTimeMillis();
                }
                maxTotal[0] = Math.max(maxTotal[0], total);
                // Due at 99% of the expected streams; or once a peak of at least half of them has passed (on a
                // slow machine early streams end before the last arrive); or at the fallback deadline.
                boolean due = total >= expected * 0.99
                        || maxTotal[0] >= expected * 0.5 && total < maxTotal[0] * 0.95
                        || firstOpenAt[0] > 0 && System.currentTimeMillis() - firstOpenAt[0] >= latestProbeMs;
                if (settings.heapProbe() && !probed[0] && due && total > 0) {
                    probed[0] = true;
                    for (int i = 0; i < n; i++) {
                        double before = metrics[i].value("sluice_streams_open");
                        heapLoaded[i] = targets.get(i).heapProbe().liveBytesAfterGc();
                        openAtProbe[i] = (before + metrics[i].value("sluice_streams_open")) / 2;
                    }
                    log.printf("[multi-hold] live heap measured with %.0f streams open%n", total);
                }
            }, 0, SAMPLE_MS, TimeUnit.MILLISECONDS);
            ScenarioSettings noProbe = new ScenarioSettings(settings.streams(), settings.rate(), settings.steady(),
                    settings.durationMs(), settings.stages(), settings.stageDelayMs(), settings.leaveFraction(),
                    settings.post(), settings.message(), settings.processes(), settings.sourceAddresses(),
                    settings.clientThreads(), settings.slackMs(), settings.sampleMs(), false, false);
            RunResult run = new ScenarioRunner(log, clients).drive(scenario, "sluice x" + n, noProbe,
                    spec.workDir(), targets.get(0), null, 1, targetCpus);
            sampler.shutdown();
            sampler.awaitTermination(90, TimeUnit.SECONDS);
            List<GatewayProcessFigures> figures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                figures.add(new GatewayProcessFigures(admins.get(i), peakOpen[i], probes[i].cpuSeconds() - cpuBefore[i],
                        rssIdle[i], rssPeak[i], heapIdle[i], heapLoaded[i], openAtProbe[i]));
            }
            return new Outcome(run, figures);
        } finally {
            sampler.shutdownNow();
            targets.forEach(RunningTarget::close);
        }
    }
}
