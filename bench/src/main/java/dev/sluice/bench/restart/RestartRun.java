package dev.sluice.bench.restart;

import dev.sluice.bench.client.ClientTransport;
import dev.sluice.bench.client.Pacing;
import dev.sluice.bench.client.SourceAddresses;
import dev.sluice.bench.hold.HeldStream;
import dev.sluice.bench.hold.HoldStats;
import dev.sluice.bench.target.OneShotGet;
import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetLauncher;
import dev.sluice.bench.target.TargetSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A rolling restart under load (SPEC 12): gateway processes share one port with {@code --reuse-port}, each
 * with its own admin port. Stage streams arrive open-loop for the whole run; at evenly spaced moments a
 * new process is started beside the current one, the bench waits until its {@code /readyz} answers 200, then
 * sends SIGTERM to the old one, which drains. Every stream is checked to its end: a refused connection,
 * a non-200 answer or a stream cut before {@code complete} counts against the restart (target: zero each).
 */
public final class RestartRun {

    private static final String STREAM_PATH = "/api/chat/stream";

    private final PrintStream log;

    /** A run reporting progress to {@code log}. */
    public RestartRun(PrintStream log) {
        this.log = log;
    }

    /** Runs the restarts under load; every process it started is stopped before this returns. */
    public RestartResult run(RestartSettings s, TargetSpec gateway, List<String> sluiceFlags)
            throws IOException, InterruptedException {
        int port = TargetLauncher.freePort();
        List<RunningTarget> started = Collections.synchronizedList(new ArrayList<>());
        List<Thread> stoppers = new ArrayList<>();
        ClientTransport transport = ClientTransport.best();
        EventLoopGroup group = transport.newGroup(s.clientThreads());
        HoldStats stats = new HoldStats();
        CountDownLatch allEnded = new CountDownLatch(s.streams());
        List<RestartResult.Restart> restarts = new ArrayList<>();
        List<RestartTiming> timings = new ArrayList<>();
        try {
            RunningTarget current = start(gateway, s, port, sluiceFlags, started);
            Bootstrap bootstrap = transport.bootstrap().group(group);
            SourceAddresses sources = new SourceAddresses(s.sourceAddresses(), 0);
            InetSocketAddress remote = new InetSocketAddress("127.0.0.1", port);
            String host = "127.0.0.1:" + port;
            long slackNanos = TimeUnit.MILLISECONDS.toNanos(s.slackMs());
            log.printf("[restart] %,d streams at %,.0f/s over %.0f s, %d restart(s), port %d%n", s.streams(), s.rate(),
                    s.durationSeconds(), s.restarts(), port);
            // Arrivals on their own thread, so that starting and stopping processes never delays them.
            Thread arrivals = new Thread(() -> {
                long t0 = System.nanoTime();
                double nanosPerStream = 1e9 / s.rate();
                for (int i = 0; i < s.streams(); i++) {
                    long intended = t0 + (long) (i * nanosPerStream);
                    Pacing.parkUntil(intended);
                    stats.launched.incrementAndGet();
                    HeldStream stream = new HeldStream(host, STREAM_PATH + "?message=restart", null, intended,
                            intended + s.streamNanos() + slackNanos, s.events(), stats, allEnded::countDown);
                    stream.openConnection(bootstrap, null, remote, sources.forConnection(i));
                }
            }, "restart-arrivals");
            long loadStart = System.nanoTime();
            arrivals.start();
            for (int r = 1; r <= s.restarts(); r++) {
                long due = loadStart + (long) (r * s.durationSeconds() / (s.restarts() + 1) * 1e9);
                Pacing.parkUntil(due);
                double at = (System.nanoTime() - loadStart) / 1e9;
                long begin = System.nanoTime();
                RunningTarget next = start(gateway, s, port, sluiceFlags, started);
                long readyMs = (System.nanoTime() - begin) / 1_000_000;
                RunningTarget old = current;
                current = next;
                RestartTiming timing = new RestartTiming();
                Thread stopper = new Thread(() -> {
                    long term = System.nanoTime();
                    old.close();
                    timing.exitMs = (System.nanoTime() - term) / 1_000_000;
                }, "restart-stop-" + r);
                stopper.start();
                stoppers.add(stopper);
                log.printf("[restart] %d: new process ready after %d ms at %.1f s; SIGTERM to the old one%n", r, readyMs,
                        at);
                restarts.add(new RestartResult.Restart(at, readyMs, -1));
                timings.add(timing);
            }
            arrivals.join();
            allEnded.await(s.streamNanos() + slackNanos + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            for (Thread stopper : stoppers) {
                stopper.join(30_000);
            }
            List<RestartResult.Restart> timed = new ArrayList<>();
            for (int i = 0; i < restarts.size(); i++) {
                RestartResult.Restart r = restarts.get(i);
                timed.add(new RestartResult.Restart(r.atSeconds(), r.readyMs(), timings.get(i).exitMs));
            }
            return new RestartResult(stats.launched.get(), stats.completed.get(), stats.failures(), stats.details(),
                    timed, stats.firstEvent.getIntervalHistogram(), stats.streamTime.getIntervalHistogram());
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            synchronized (started) {
                started.forEach(RunningTarget::close);
            }
        }
    }

    /** Written by a stopper thread, read after it was joined. */
    private static final class RestartTiming {
        volatile long exitMs = -1;
    }

    /** Starts a gateway on the shared port with its own admin port and waits until /readyz answers 200. */
    private static RunningTarget start(TargetSpec gateway, RestartSettings s, int port, List<String> sluiceFlags,
                                       List<RunningTarget> started) throws IOException, InterruptedException {
        int admin = TargetLauncher.freePort();
        List<String> flags = new ArrayList<>(List.of("--reuse-port", "true", "--admin-port", Integer.toString(admin)));
        flags.addAll(sluiceFlags);
        RunningTarget target = TargetLauncher.start(gateway, s.stages(), s.stageDelayMs(), flags, STREAM_PATH, port,
                admin);
        started.add(target);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (OneShotGet.fetch("127.0.0.1", admin, "/readyz", 2_000).status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the new gateway did not become ready within 30 s");
            }
            Thread.sleep(20);
        }
        return target;
    }
}
