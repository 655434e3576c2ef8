package dev.sluice.bench.resume;

import dev.sluice.bench.client.ClientTransport;
import dev.sluice.bench.client.Pacing;
import dev.sluice.bench.client.SourceAddresses;
import dev.sluice.bench.target.MetricsScrape;
import dev.sluice.bench.target.ProcessProbe;
import dev.sluice.bench.target.RunningTarget;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One resume run: streams arrive open-loop at the settings' rate; each is cut {@code drops} times at
 * random events and resumed with {@code Last-Event-ID}, then reconnects after {@code complete} to see
 * {@code 204}. Returns when every stream has ended (or its deadline passed).
 */
public final class ResumeRun {

    /** Stage jobs the gateway started: one per stream, however often it was resumed (SPEC 8). */
    private static final String METRIC_JOBS = "sluice_stage_jobs_started_total";
    /** Connections that resumed a stream with Last-Event-ID. */
    private static final String METRIC_RESUMED = "sluice_streams_resumed_total";

    private final PrintStream log;

    /** A run reporting progress to {@code log}. */
    public ResumeRun(PrintStream log) {
        this.log = log;
    }

    /** Runs {@code settings} against {@code target}. */
    public ResumeResult run(ResumeSettings settings, RunningTarget target, String label, int round)
            throws InterruptedException {
        ClientTransport transport = ClientTransport.best();
        EventLoopGroup group = transport.newGroup(settings.clientThreads());
        ResumeStats stats = new ResumeStats();
        CountDownLatch allEnded = new CountDownLatch(settings.streams());
        ProcessProbe process = target.measurable() ? target.processProbe() : null;
        MetricsScrape metrics = target.metrics();
        try {
            Bootstrap bootstrap = transport.bootstrap();
            SourceAddresses sources = new SourceAddresses(settings.sourceAddresses(), 0);
            InetSocketAddress remote = new InetSocketAddress(target.host(), target.port());
            String host = target.host() + ":" + target.port();
            String path = target.streamPath() + "?message=resume";
            SplittableRandom random = new SplittableRandom(settings.seed());
            double jobsBefore = metrics == null ? Double.NaN : metrics.value(METRIC_JOBS);
            double resumedBefore = metrics == null ? Double.NaN : metrics.value(METRIC_RESUMED);
            double cpuBefore = process == null ? -1 : process.cpuSeconds();
            log.printf("[resume] %s round %d: %,d streams at %,.0f/s, %d stages of %d ms, %d drop(s) each%n", label,
                    round, settings.streams(), settings.rate(), settings.stages(), settings.stageDelayMs(), settings.drops());
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            double nanosPerStream = 1e9 / settings.rate();
            for (int i = 0; i < settings.streams(); i++) {
                long intended = t0 + (long) (i * nanosPerStream);
                Pacing.parkUntil(intended);
                EventLoop loop = group.next();
                ResumableStream stream = new ResumableStream(loop, bootstrap, remote, sources.forConnection(i), host,
                        path, settings, intended, dropPoints(random, settings), stats, allEnded::countDown);
                stats.launched.incrementAndGet();
                loop.execute(stream::start);
            }
            long limitMs = TimeUnit.NANOSECONDS.toMillis(settings.expectedNanos()) + settings.slackMs() + 5_000;
            if (!allEnded.await(limitMs, TimeUnit.MILLISECONDS)) {
                log.printf("[resume] %s: %d streams still open at the run's limit%n", label, allEnded.getCount());
            }
            double cpuAfter = process == null ? -1 : process.cpuSeconds();
            double jobsAfter = metrics == null ? Double.NaN : metrics.value(METRIC_JOBS);
            double resumedAfter = metrics == null ? Double.NaN : metrics.value(METRIC_RESUMED);
            return new ResumeResult(label, round, stats.launched.get(), stats.completed.get(), stats.failures(),
                    stats.details(), stats.reconnects.get(), stats.finalNoContent.get(), stats.expiredHeader.get(),
                    stats.events.get(), ResumeStats.take(stats.firstEvent), ResumeStats.take(stats.reconnectHead),
                    ResumeStats.take(stats.streamTime), cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore,
                    jobsAfter - jobsBefore, resumedAfter - resumedBefore);
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** {@code drops} distinct seqs in 1..stages, ascending: the client cuts the connection right after each. */
    static long[] dropPoints(SplittableRandom random, ResumeSettings settings) {
        long[] points = random.longs(1, settings.stages() + 1).distinct().limit(settings.drops()).toArray();
        Arrays.sort(points);
        return points;
    }
}
