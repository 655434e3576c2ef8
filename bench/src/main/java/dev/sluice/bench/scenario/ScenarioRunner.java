package dev.sluice.bench.scenario;

import dev.sluice.bench.client.ClientLaunch;
import dev.sluice.bench.client.ForkedClients;
import dev.sluice.bench.client.LoadPlan;
import dev.sluice.bench.report.RunResult;
import dev.sluice.bench.report.TargetFigures;
import dev.sluice.bench.stats.ClientResult;
import dev.sluice.bench.target.GcLogAllocation;
import dev.sluice.bench.target.HeapAtLoad;
import dev.sluice.bench.target.MetricsScrape;
import dev.sluice.bench.target.ProcessProbe;
import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetLauncher;
import dev.sluice.bench.target.TargetMonitor;
import dev.sluice.bench.target.TargetSample;
import dev.sluice.bench.target.TargetSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one scenario against one target from start to end: starts the target, measures it idle, drives
 * the load (in this process or in forked client processes) while sampling the target, measures it again,
 * waits for its open streams to drain, and stops it, always. A target that relays to an app server
 * (Sluice in sidecar mode, {@link SidecarRunner}) has the app server measured alongside.
 */
public final class ScenarioRunner {

    /** How long the bench waits after the load for the target's open connections to reach zero. */
    private static final long DRAIN_WAIT_MS = 10_000;

    private final PrintStream log;
    private final ClientLaunch clients;

    /** A runner that reports progress to {@code log}, with clients started as {@link ClientLaunch#defaults()}. */
    public ScenarioRunner(PrintStream log) {
        this(log, ClientLaunch.defaults());
    }

    /** A runner whose client processes start as {@code clients} says. */
    public ScenarioRunner(PrintStream log, ClientLaunch clients) {
        this.log = log;
        this.clients = clients;
    }

    /** Runs {@code scenario} with {@code settings} against the target {@code spec} describes. */
    public RunResult run(Scenario scenario, ScenarioSettings settings, TargetSpec spec, int round)
            throws IOException, InterruptedException {
        List<RunResult> passes = run(scenario, settings, spec, round, 0);
        return passes.get(passes.size() - 1);
    }

    /**
     * Runs the load {@code warmPasses + 1} times against one target process: the first passes warm it
     * (labelled {@code <target> pass N}, reported as cold figures), the last is the warm run labelled
     * with the target's name.
     */
    public List<RunResult> run(Scenario scenario, ScenarioSettings settings, TargetSpec spec, int round,
                               int warmPasses) throws IOException, InterruptedException {
        log.printf("[%s] starting %s (%s; %s; %s)%n", scenario.name(), spec.kind().label(), describe(settings),
                spec.describe(), clients.describe());
        List<RunResult> results = new java.util.ArrayList<>();
        try (RunningTarget target = TargetLauncher.start(spec, settings.stages(), settings.stageDelayMs())) {
            for (int pass = 1; pass <= warmPasses + 1; pass++) {
                String label = pass <= warmPasses ? target.kind().label() + " pass " + pass : target.kind().label();
                results.add(drive(scenario, label, settings, spec.workDir(), target, null, round,
                        spec.cpus() == null ? Runtime.getRuntime().availableProcessors()
                                : dev.sluice.bench.target.Affinity.count(spec.cpus(), 1)));
            }
        }
        return results;
    }

    /**
     * Drives the load at a started {@code target} and measures it. When {@code upstream} is given, the
     * target relays every stream to it (sidecar mode): the streams are checked as relayed and the
     * upstream's connections, CPU and memory are measured too.
     */
    RunResult drive(Scenario scenario, String label, ScenarioSettings settings, Path workDir, RunningTarget target,
                    RunningTarget upstream, int round, int targetCpus) throws IOException, InterruptedException {
        boolean measurable = target.measurable();
        boolean jvm = measurable && target.kind().isJvm();
        ProcessProbe process = measurable ? target.processProbe() : null;
        long heapIdle = jvm && (settings.heapProbe() || settings.measureAllocation())
                ? target.heapProbe().liveBytesAfterGc() : -1;
        GcLogAllocation gcLog = jvm ? target.gcLog() : null;
        int gcMarkBefore = gcLog == null ? -1 : gcLog.collections() - 1;
        int inspectionsBefore = gcLog == null ? -1 : gcLog.heapInspections();
        long rssIdle = measurable ? process.rssBytes() : -1;
        double cpuBefore = measurable ? process.cpuSeconds() : -1;

        ProcessProbe upstreamProcess = upstream == null ? null : upstream.processProbe();
        long upstreamRssIdle = upstream == null ? -1 : upstreamProcess.rssBytes();
        double upstreamCpuBefore = upstream == null ? -1 : upstreamProcess.cpuSeconds();

        LoadPlan plan = plan(settings, target, upstream != null);
        // Client processes start a JVM and warm up (in memory, against an in-process null target for up to
        // 5 s, then about a second of streams to the target) before this.
        long startAt = System.currentTimeMillis() + 11_000;
        long heapAt = settings.heapProbe() && jvm ? Math.max(1, (long) (plan.peakConcurrencyPerShard()
                * plan.shardCount() * 0.99)) : 0;
        long heapLatest = plan.arrivalNanos() / 1_000_000 + 2_000;
        ClientResult client;
        List<TargetSample> timeline;
        List<TargetSample> upstreamTimeline = List.of();
        HeapAtLoad heapAtLoad;
        try (TargetMonitor monitor = new TargetMonitor(target, startAt, settings.sampleMs(), heapAt, heapLatest);
             TargetMonitor upstreamMonitor = upstream == null ? null
                     : new TargetMonitor(upstream, startAt, settings.sampleMs(), 0, 0)) {
            client = ForkedClients.run(plan, settings.processes(), startAt, workDir, clients);
            monitor.close();
            timeline = monitor.samples();
            heapAtLoad = monitor.heapAtLoad();
            if (upstreamMonitor != null) {
                upstreamMonitor.close();
                upstreamTimeline = upstreamMonitor.samples();
            }
        }
        double cpuAfter = measurable ? process.cpuSeconds() : -1;
        double userAfter = measurable ? process.cpuUserSeconds() : -1;
        double upstreamCpuAfter = upstream == null ? -1 : upstreamProcess.cpuSeconds();
        // The clients warm up before the shared start; the target's CPU is counted from there.
        double userBefore = -1;
        if (measurable && !timeline.isEmpty() && timeline.get(0).cpuSeconds() >= 0) {
            cpuBefore = timeline.get(0).cpuSeconds();
            userBefore = timeline.get(0).cpuUserSeconds();
        }
        long[] drain = awaitDrain(target);
        // Sluice's own view of the first event (request read to first write), beside the client's: what the
        // client sees on top of it waited outside the gateway's handling (the kernel, the CPU's run queue).
        double ownFirstEventP99Ms = target.metrics() == null ? Double.NaN
                : target.metrics().quantile("sluice_time_to_first_event_seconds", 0.99) * 1e3;
        // Sluice keeps idle upstream connections pooled (keep-alive), so the upstream's are counted, not awaited.
        long upstreamOpenAfter = upstream == null ? -1 : upstream.sockets().count();
        long allocated = -1;
        if (gcLog != null && settings.measureAllocation() && gcMarkBefore >= 0) {
            target.heapProbe().liveBytesAfterGc();
            allocated = gcLog.allocatedBetween(gcMarkBefore, gcLog.collections() - 1);
        }
        // What stopped the target during the load: its collections between the bench's probes.
        double[] pauses = gcLog == null ? new double[] {-1, Double.NaN} : gcLog.pausesAfterInspection(inspectionsBefore);
        long peakOpen = timeline.stream().mapToLong(TargetSample::openSockets).max().orElse(-1);
        TargetFigures figures;
        if (measurable) {
            long rssPeak = timeline.stream().mapToLong(TargetSample::rssBytes).max().orElse(-1);
            double probeCpu = heapAtLoad == null ? 0 : heapAtLoad.probeCpuSeconds();
            figures = new TargetFigures(cpuAfter - cpuBefore - probeCpu, rssIdle, rssPeak, heapIdle,
                    heapAtLoad == null ? -1 : heapAtLoad.liveBytes(), heapAtLoad == null ? -1 : heapAtLoad.openSockets(),
                    allocated, peakOpen, drain[0], drain[1], userBefore < 0 ? -1 : userAfter - userBefore, targetCpus,
                    ownFirstEventP99Ms, (long) pauses[0], pauses[1]);
        } else {
            figures = TargetFigures.unmeasured(peakOpen, drain[0], drain[1]);
        }
        TargetFigures upstreamFigures = null;
        if (upstream != null) {
            if (!upstreamTimeline.isEmpty() && upstreamTimeline.get(0).cpuSeconds() >= 0) {
                upstreamCpuBefore = upstreamTimeline.get(0).cpuSeconds();
            }
            upstreamFigures = new TargetFigures(upstreamCpuAfter - upstreamCpuBefore, upstreamRssIdle,
                    upstreamTimeline.stream().mapToLong(TargetSample::rssBytes).max().orElse(-1), -1, -1, -1, -1,
                    upstreamTimeline.stream().mapToLong(TargetSample::openSockets).max().orElse(-1),
                    upstreamOpenAfter, -1);
        }
        RunResult result = new RunResult(scenario.name(), label, round, settings, client, figures, timeline,
                upstreamFigures, upstreamTimeline);
        log.printf("[%s] %s: %d completed, %d failed, %d left, %.0f events/s%n", scenario.name(),
                label, client.completed(), client.failed(), client.left(), client.eventsPerSecond());
        return result;
    }

    /** Waits up to {@link #DRAIN_WAIT_MS} for zero open connections (and a zero gauge); returns {open, ms}. */
    private static long[] awaitDrain(RunningTarget target) throws InterruptedException {
        MetricsScrape metrics = target.metrics();
        long start = System.nanoTime();
        long open = -1;
        while (System.nanoTime() - start < DRAIN_WAIT_MS * 1_000_000) {
            // The scrape's own connection is closed (by the server) before the sockets are counted.
            double gauge = metrics == null ? 0 : metrics.value("sluice_streams_open");
            open = target.sockets().count();
            if (open <= 0 && (Double.isNaN(gauge) || gauge == 0)) {
                return new long[] {Math.max(0, open), (System.nanoTime() - start) / 1_000_000};
            }
            Thread.sleep(50);
        }
        return new long[] {open, -1};
    }

    /** A relayed stream's schedule starts with the gateway's {@code accepted} event, due at once like stage 1. */
    private static LoadPlan plan(ScenarioSettings s, RunningTarget target, boolean relayed) {
        int leading = relayed ? 1 : 0;
        long[] delays = new long[s.stages() + leading];
        Arrays.fill(delays, leading, delays.length, s.stageDelayMs());
        return new LoadPlan(target.host(), target.port(), target.streamPath(), s.post(), s.message(), s.streams(),
                s.rate(), s.steady(), s.durationMs(), delays, true, relayed, s.leaveFraction(), 42,
                s.sourceAddresses(), s.clientThreads(), s.slackMs(), s.sampleMs(), 0, 1, 0);
    }

    /** One line describing the settings, for logs. */
    public static String describe(ScenarioSettings s) {
        return s.streams() + " streams" + (s.steady() ? " kept for " + s.durationMs() + " ms" : "")
                + " at " + (long) s.rate() + "/s, " + s.stages() + " stages of " + s.stageDelayMs() + " ms"
                + (s.leaveFraction() > 0 ? ", " + (int) (s.leaveFraction() * 100) + "% leave early" : "")
                + ", " + s.processes() + " client process(es)";
    }
}
