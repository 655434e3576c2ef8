package dev.sluice.bench.hold;

import dev.sluice.bench.client.ClientTransport;
import dev.sluice.bench.client.Pacing;
import dev.sluice.bench.client.SamplerThread;
import dev.sluice.bench.client.SourceAddresses;
import dev.sluice.bench.target.EstablishedSockets;
import dev.sluice.bench.target.ProcessProbe;
import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetLauncher;
import dev.sluice.bench.target.TargetSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of the sidecar hold scenario in one mode: a fresh node-seed app server and a fresh Sluice in front
 * of it (one {@code --route}); in {@link HoldMode#HOLD} node-seed runs with {@code --hold} pointing back at
 * Sluice's channel API, so both ports are fixed before either starts. Clients stream through Sluice while
 * the app server's and Sluice's open connections, CPU and RSS are sampled.
 */
public final class HoldRun {

    /** Where Sluice serves the app's streams. */
    public static final String ROUTE_PATH = "/api/app/stream";
    private static final long SAMPLE_MS = 100;

    private final PrintStream log;

    /** A run reporting progress to {@code log}. */
    public HoldRun(PrintStream log) {
        this.log = log;
    }

    /** Runs {@code mode}; both processes are stopped before this returns. */
    public HoldResult run(HoldSettings settings, HoldMode mode, TargetSpec gateway, TargetSpec app, int round)
            throws IOException, InterruptedException {
        int sluicePort = TargetLauncher.freePort();
        List<String> appFlags = mode == HoldMode.HOLD
                ? List.of("--hold", "http://127.0.0.1:" + sluicePort, "--hold-token", settings.token()) : List.of();
        log.printf("[sidecar hold] %s round %d: %,d streams at %,.0f/s, %d stages of %d ms%n", mode.label(), round,
                settings.streams(), settings.rate(), settings.stages(), settings.stageDelayMs());
        try (RunningTarget appServer = TargetLauncher.start(app, settings.stages(), settings.stageDelayMs(), appFlags,
                "/api/chat/stream")) {
            List<String> gatewayFlags = new ArrayList<>(List.of("--route", ROUTE_PATH + "=http://" + appServer.host()
                    + ":" + appServer.port() + appServer.streamPath()));
            if (mode == HoldMode.HOLD) {
                gatewayFlags.addAll(List.of("--publish-token", settings.token()));
                // What docs/SIDECAR.md recommends for hold routes: held requests share a few connections.
                if (settings.holdUpstreamMaxConnections() > 0) {
                    gatewayFlags.addAll(List.of("--upstream-max-connections",
                            Integer.toString(settings.holdUpstreamMaxConnections())));
                }
            }
            gatewayFlags.addAll(settings.sluiceFlags());
            try (RunningTarget sluice = TargetLauncher.start(gateway, settings.stages(), settings.stageDelayMs(),
                    gatewayFlags, ROUTE_PATH, sluicePort)) {
                return drive(settings, mode, sluice, appServer, round);
            }
        }
    }

    private HoldResult drive(HoldSettings settings, HoldMode mode, RunningTarget sluice, RunningTarget app, int round)
            throws InterruptedException {
        ClientTransport transport = ClientTransport.best();
        EventLoopGroup group = transport.newGroup(settings.clientThreads());
        ScheduledExecutorService sampler = SamplerThread.start("hold-sampler");
        HoldStats stats = new HoldStats();
        ProcessProbe appProcess = app.processProbe();
        ProcessProbe sluiceProcess = sluice.processProbe();
        EstablishedSockets appSockets = app.sockets();
        EstablishedSockets sluiceSockets = sluice.sockets();
        AtomicLong appPeak = new AtomicLong();
        AtomicLong sluicePeak = new AtomicLong();
        AtomicLong appRss = new AtomicLong();
        AtomicLong sluiceRss = new AtomicLong();
        CountDownLatch allEnded = new CountDownLatch(settings.streams());
        try {
            sampler.scheduleAtFixedRate(() -> {
                appPeak.accumulateAndGet(appSockets.count(), Math::max);
                sluicePeak.accumulateAndGet(sluiceSockets.count(), Math::max);
                appRss.accumulateAndGet(appProcess.rssBytes(), Math::max);
                sluiceRss.accumulateAndGet(sluiceProcess.rssBytes(), Math::max);
            }, 0, SAMPLE_MS, TimeUnit.MILLISECONDS);
            double appCpu = appProcess.cpuSeconds();
            double sluiceCpu = sluiceProcess.cpuSeconds();
            Bootstrap bootstrap = transport.bootstrap().group(group);
            SourceAddresses sources = new SourceAddresses(settings.sourceAddresses(), 0);
            InetSocketAddress remote = new InetSocketAddress(sluice.host(), sluice.port());
            String host = sluice.host() + ":" + sluice.port();
            String path = ROUTE_PATH + "?message=hold";
            long streamNanos = settings.stages() * settings.stageDelayMs() * 1_000_000L;
            long slackNanos = TimeUnit.MILLISECONDS.toNanos(settings.slackMs());
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            double nanosPerStream = 1e9 / settings.rate();
            for (int i = 0; i < settings.streams(); i++) {
                long intended = t0 + (long) (i * nanosPerStream);
                Pacing.parkUntil(intended);
                stats.launched.incrementAndGet();
                HeldStream stream = new HeldStream(host, path, intended, intended + streamNanos + slackNanos,
                        settings.events(), stats, allEnded::countDown);
                stream.openConnection(bootstrap, null, remote, sources.forConnection(i));
            }
            allEnded.await(streamNanos + slackNanos + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            double appCpuAfter = appProcess.cpuSeconds();
            double sluiceCpuAfter = sluiceProcess.cpuSeconds();
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            return new HoldResult(mode.label(), round, stats.launched.get(), stats.completed.get(), stats.failures(),
                    stats.details(), stats.events.get(), stats.firstEvent.getIntervalHistogram(),
                    stats.firstAppEvent.getIntervalHistogram(), stats.streamTime.getIntervalHistogram(), appPeak.get(),
                    appSockets.count(), sluicePeak.get(), appCpuAfter - appCpu, sluiceCpuAfter - sluiceCpu, appRss.get(),
                    sluiceRss.get());
        } finally {
            sampler.shutdownNow();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
