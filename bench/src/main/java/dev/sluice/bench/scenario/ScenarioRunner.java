package dev.sluice.bench.scenario;

import dev.sluice.bench.client.ForkedClients;
import dev.sluice.bench.client.LoadClient;
import dev.sluice.bench.client.LoadPlan;
import dev.sluice.bench.report.RunResult;
import dev.sluice.bench.report.TargetFigures;
import dev.sluice.bench.stats.ClientResult;
import dev.sluice.bench.stats.LoadStats;
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
import java.util.Arrays;
import java.util.List;

/**
 * Runs one scenario against one target from start to end: starts the target, measures it idle, drives
 * the load (in this process or in forked client processes) while sampling the target, measures it again,
 * waits for its open streams to drain, and stops it, always.
 */
public final class ScenarioRunner {

    /** How long the bench waits after the load for the target's open connections to reach zero. */
    private static final long DRAIN_WAIT_MS = 10_000;

    private final PrintStream log;

    /** A runner that reports progress to {@code log}. */
    public ScenarioRunner(PrintStream log) {
        this.log = log;
    }

    /** Runs {@code scenario} with {@code settings} against the target {@code spec} describes. */
    public RunResult run(Scenario scenario, ScenarioSettings settings, TargetSpec spec, int round)
            throws IOException, InterruptedException {
        log.printf("[%s] starting %s (%s)%n", scenario.name(), spec.kind().label(), describe(settings));
        try (RunningTarget target = TargetLauncher.start(spec, settings.stages(), settings.stageDelayMs())) {
            return drive(scenario, settings, spec, target, round);
        }
    }

    private RunResult drive(Scenario scenario, ScenarioSettings settings, TargetSpec spec, RunningTarget target,
                            int round) throws IOException, InterruptedException {
        boolean measurable = target.measurable();
        boolean jvm = measurable && target.kind().isJvm();
        ProcessProbe process = measurable ? target.processProbe() : null;
        long heapIdle = jvm && (settings.heapProbe() || settings.measureAllocation())
                ? target.heapProbe().liveBytesAfterGc() : -1;
        GcLogAllocation gcLog = jvm ? target.gcLog() : null;
        int gcMarkBefore = gcLog == null ? -1 : gcLog.collections() - 1;
        long rssIdle = measurable ? process.rssBytes() : -1;
        double cpuBefore = measurable ? process.cpuSeconds() : -1;

        LoadPlan plan = plan(settings, target);
        long startAt = System.currentTimeMillis() + (settings.processes() > 1 ? 5_000 : 3_000);
        long heapAt = settings.heapProbe() && jvm ? Math.max(1, (long) (plan.peakConcurrencyPerShard()
                * plan.shardCount() * 0.99)) : 0;
        long heapLatest = plan.arrivalNanos() / 1_000_000 + 2_000;
        ClientResult client;
        List<TargetSample> timeline;
        HeapAtLoad heapAtLoad;
        try (TargetMonitor monitor = new TargetMonitor(target, startAt, settings.sampleMs(), heapAt, heapLatest)) {
            client = settings.processes() > 1
                    ? ForkedClients.run(plan, settings.processes(), startAt, spec.workDir())
                    : new LoadClient(plan.shard(0, 1, startAt), new LoadStats()).run();
            monitor.close();
            timeline = monitor.samples();
            heapAtLoad = monitor.heapAtLoad();
        }
        double cpuAfter = measurable ? process.cpuSeconds() : -1;
        // The clients warm up before the shared start; the target's CPU is counted from there.
        if (measurable && !timeline.isEmpty() && timeline.get(0).cpuSeconds() >= 0) {
            cpuBefore = timeline.get(0).cpuSeconds();
        }
        long[] drain = awaitDrain(target);
        long allocated = -1;
        if (gcLog != null && settings.measureAllocation() && gcMarkBefore >= 0) {
            target.heapProbe().liveBytesAfterGc();
            allocated = gcLog.allocatedBetween(gcMarkBefore, gcLog.collections() - 1);
        }
        long peakOpen = timeline.stream().mapToLong(TargetSample::openSockets).max().orElse(-1);
        TargetFigures figures;
        if (measurable) {
            long rssPeak = timeline.stream().mapToLong(TargetSample::rssBytes).max().orElse(-1);
            double probeCpu = heapAtLoad == null ? 0 : heapAtLoad.probeCpuSeconds();
            figures = new TargetFigures(cpuAfter - cpuBefore - probeCpu, rssIdle, rssPeak, heapIdle,
                    heapAtLoad == null ? -1 : heapAtLoad.liveBytes(), heapAtLoad == null ? -1 : heapAtLoad.openSockets(),
                    allocated, peakOpen, drain[0], drain[1]);
        } else {
            figures = TargetFigures.unmeasured(peakOpen, drain[0], drain[1]);
        }
        RunResult result = new RunResult(scenario.name(), target.kind().label(), round, settings, client, figures,
                timeline);
        log.printf("[%s] %s: %d completed, %d failed, %d left, %.0f events/s%n", scenario.name(),
                target.kind().label(), client.completed(), client.failed(), client.left(), client.eventsPerSecond());
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

    private static LoadPlan plan(ScenarioSettings s, RunningTarget target) {
        long[] delays = new long[s.stages()];
        Arrays.fill(delays, s.stageDelayMs());
        return new LoadPlan(target.host(), target.port(), target.streamPath(), s.post(), s.message(), s.streams(),
                s.rate(), s.steady(), s.durationMs(), delays, true, s.leaveFraction(), 42, s.sourceAddresses(),
                s.clientThreads(), s.slackMs(), s.sampleMs(), 0, 1, 0);
    }

    /** One line describing the settings, for logs. */
    public static String describe(ScenarioSettings s) {
        return s.streams() + " streams" + (s.steady() ? " kept for " + s.durationMs() + " ms" : "")
                + " at " + (long) s.rate() + "/s, " + s.stages() + " stages of " + s.stageDelayMs() + " ms"
                + (s.leaveFraction() > 0 ? ", " + (int) (s.leaveFraction() * 100) + "% leave early" : "")
                + ", " + s.processes() + " client process(es)";
    }
}
