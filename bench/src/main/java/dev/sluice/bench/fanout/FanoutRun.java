package dev.sluice.bench.fanout;

import dev.sluice.bench.client.ClientTransport;
import dev.sluice.bench.client.Pacing;
import dev.sluice.bench.client.SamplerThread;
import dev.sluice.bench.client.SourceAddresses;
import dev.sluice.bench.target.EstablishedSockets;
import dev.sluice.bench.target.ProcessProbe;
import dev.sluice.bench.target.RunningTarget;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fanout run against one running target: connect the subscribers (at {@code connectRate}), publish
 * the warm-up events and wait for them, then publish the measured events on every channel at
 * {@code rate} and wait until every subscriber has them all (or the deadline passes). Target CPU is read
 * around the measured phase only; RSS before subscribers, with them, and at its peak.
 */
public final class FanoutRun {

    /** Pause after the last subscriber's head, so targets that register a subscriber after the head have done so. */
    private static final long SETTLE_MS = 300;

    private final PrintStream log;

    /** A run that reports progress to {@code log}. */
    public FanoutRun(PrintStream log) {
        this.log = log;
    }

    /** Runs {@code settings} against {@code target} and returns what it measured. */
    public FanoutResult run(FanoutSettings settings, RunningTarget target, String label, int round)
            throws InterruptedException {
        return run(settings, List.of(target), label, round);
    }

    /**
     * Runs {@code settings} against {@code nodes}, gateways sharing their channels through a bus: subscriber i
     * connects to node i mod n, the publishers to the first node. CPU, RSS, heap and open connections are
     * summed over the nodes.
     */
    public FanoutResult run(FanoutSettings settings, List<RunningTarget> nodes, String label, int round)
            throws InterruptedException {
        RunningTarget target = nodes.get(0);
        ClientTransport transport = ClientTransport.best();
        EventLoopGroup subscriberLoops = transport.newGroup(settings.clientThreads());
        EventLoopGroup publisherLoop = transport.newGroup(1);
        NodesProbe process = target.measurable() ? new NodesProbe(nodes) : null;
        ScheduledExecutorService sampler = SamplerThread.start("fanout-rss-sampler");
        AtomicLong rssPeak = new AtomicLong(-1);
        FanoutStats stats = new FanoutStats();
        List<Channel> connections = new ArrayList<>();
        try {
            if (process != null) {
                sampler.scheduleAtFixedRate(() -> rssPeak.accumulateAndGet(process.rssBytes(), Math::max), 0, 200,
                        TimeUnit.MILLISECONDS);
            }
            long rssIdle = process == null ? -1 : process.rssBytes();
            long heapIdle = heap(settings, nodes);
            long origin = System.nanoTime();
            long warmUpLast = settings.warmUpEvents();
            long last = warmUpLast + settings.events();

            log.printf("[fanout] %s round %d: connecting %,d subscribers on %d channel(s) at %,.0f/s%n", label, round,
                    settings.subscribers(), settings.channels(), settings.connectRate());
            CountDownLatch heads = new CountDownLatch(settings.subscribers());
            List<ChannelSubscriber> subscribers = connectSubscribers(settings, nodes, subscriberLoops, transport,
                    origin, warmUpLast + 1, last, stats, heads, connections);
            long connectBudgetMs = (long) (settings.subscribers() / settings.connectRate() * 1000) + 30_000;
            awaitHeadsOrFailures(heads, stats, settings.subscribers(), connectBudgetMs);
            Thread.sleep(SETTLE_MS);
            long rssSubscribed = process == null ? -1 : process.rssBytes();
            long heapSubscribed = heap(settings, nodes);
            log.printf("[fanout] %s: %,d subscribed, %,d failed%n", label, stats.subscribedCount(), stats.failedCount());

            if (settings.warmUpEvents() > 0) {
                log.printf("[fanout] %s: %d warm-up event(s) per channel%n", label, settings.warmUpEvents());
                publish(settings, target, publisherLoop, transport, origin, 1, warmUpLast, stats);
                awaitQuiet(() -> stats.warmDeliveredCount(), settings.slackMs());
            }

            long liveBefore = stats.subscribedCount() - stats.failedCount();
            long warmUpPublished = stats.publishedCount();
            stats.takePublishAck(); // the warm-up's acknowledgements are not measured
            double cpuBefore = process == null ? -1 : process.cpuSeconds();
            double clientCpuBefore = ownCpuSeconds();
            long measuredStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            log.printf("[fanout] %s: publishing %d events per channel at %.1f/s to %,d live subscribers%n", label,
                    settings.events(), settings.rate(), liveBefore);
            CompletableFuture<Void> published = publishAsync(settings, target, publisherLoop, transport, origin,
                    measuredStart, warmUpLast + 1, last, stats);
            long deadline = measuredStart + (long) (settings.publishSeconds() * 1e9)
                    + TimeUnit.MILLISECONDS.toNanos(settings.slackMs());
            awaitSubscribersEnded(stats, settings.subscribers(), deadline);
            double cpuAfter = process == null ? -1 : process.cpuSeconds();
            double clientCpuAfter = ownCpuSeconds();
            String publishProblem = publishOutcome(published, deadline);
            for (int i = 0; i < subscribers.size(); i++) {
                connections.get(i).eventLoop().execute(subscribers.get(i)::abort);
            }
            long lastDelivery = stats.lastDeliveryNanos();
            double deliverySeconds = lastDelivery > measuredStart ? (lastDelivery - measuredStart) / 1e9 : Double.NaN;
            closeAll(connections);
            long openAfter = 0;
            for (RunningTarget node : nodes) {
                openAfter += awaitTargetDrained(node);
            }
            List<String> details = new ArrayList<>(stats.details());
            if (publishProblem != null) {
                details.add(0, "publisher: " + publishProblem);
            }
            return new FanoutResult(label, round, settings.subscribers(), stats.subscribedCount(), stats.completeCount(),
                    stats.failures(), details, stats.publishedCount() - warmUpPublished, stats.deliveredCount(),
                    settings.expectedDeliveries(), stats.takeDelivery(), stats.takePublishAck(), deliverySeconds,
                    cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore, rssIdle, rssSubscribed, rssPeak.get(),
                    heapIdle, heapSubscribed, openAfter, clientCpuAfter - clientCpuBefore,
                    Runtime.getRuntime().availableProcessors());
        } finally {
            sampler.shutdownNow();
            closeAll(connections);
            subscriberLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            publisherLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private List<ChannelSubscriber> connectSubscribers(FanoutSettings s, List<RunningTarget> nodes, EventLoopGroup loops,
                                                       ClientTransport transport, long origin, long firstMeasured,
                                                       long last, FanoutStats stats, CountDownLatch heads,
                                                       List<Channel> connections) {
        SourceAddresses sources = new SourceAddresses(s.sourceAddresses(), 0);
        Bootstrap bootstrap = transport.bootstrap().group(loops);
        List<ChannelSubscriber> subscribers = new ArrayList<>(s.subscribers());
        long start = System.nanoTime();
        double nanosPerConnect = 1e9 / s.connectRate();
        for (int i = 0; i < s.subscribers(); i++) {
            RunningTarget target = nodes.get(i % nodes.size());
            InetSocketAddress remote = new InetSocketAddress(target.host(), target.port());
            String host = target.host() + ":" + target.port();
            long due = start + (long) (i * nanosPerConnect);
            Pacing.parkUntil(due);
            String path = "/api/channels/" + FanoutSettings.channelName(i % s.channels()) + "/stream";
            ChannelSubscriber subscriber = new ChannelSubscriber(host, path, origin, firstMeasured, last, stats,
                    ignored -> heads.countDown());
            ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(4096, 16 * 1024, 64 * 1024), subscriber);
                }
            }).connect(remote, sources.forConnection(i));
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    subscriber.connectFailed(f.cause());
                }
            });
            subscribers.add(subscriber);
            connections.add(connect.channel());
        }
        return subscribers;
    }

    private static void awaitHeadsOrFailures(CountDownLatch heads, FanoutStats stats, int subscribers, long budgetMs)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + budgetMs;
        while (System.currentTimeMillis() < deadline) {
            if (heads.await(100, TimeUnit.MILLISECONDS) || stats.subscribedCount() + stats.failedCount() >= subscribers) {
                return;
            }
        }
    }

    private void publish(FanoutSettings s, RunningTarget target, EventLoopGroup loop, ClientTransport transport,
                         long origin, long first, long last, FanoutStats stats) throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        CompletableFuture<Void> all = publishAsync(s, target, loop, transport, origin, start, first, last, stats);
        long deadline = start + (long) ((last - first + 1) / s.rate() * 1e9) + TimeUnit.MILLISECONDS.toNanos(s.slackMs());
        String problem = publishOutcome(all, deadline);
        if (problem != null) {
            throw new IllegalStateException("warm-up publishing failed: " + problem);
        }
    }

    /** Starts one publisher per channel, channel c offset by c / (rate × channels) so publishes interleave. */
    private static CompletableFuture<Void> publishAsync(FanoutSettings s, RunningTarget target, EventLoopGroup loop,
                                                        ClientTransport transport, long origin, long start,
                                                        long first, long last, FanoutStats stats) {
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(transport.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        String host = target.host() + ":" + target.port();
        for (int c = 0; c < s.channels(); c++) {
            long offset = (long) (c * 1e9 / (s.rate() * s.channels()));
            ChannelPublisher publisher = new ChannelPublisher(host, FanoutSettings.channelName(c), s.token(), origin,
                    start + offset, s.rate(), first, last, s.padBytes(), stats);
            done.add(publisher.done());
            bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024), publisher);
                }
            }).connect(target.host(), target.port()).addListener(f -> {
                if (!f.isSuccess()) {
                    publisher.done().completeExceptionally(f.cause());
                }
            });
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    /** Null when every publish was accepted by {@code deadline}, else what went wrong. */
    private static String publishOutcome(CompletableFuture<Void> published, long deadline) throws InterruptedException {
        try {
            published.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            return "not every event was accepted by the deadline";
        }
    }

    /** Waits until {@code counter} stops moving for a second (or {@code limitMs} passes). */
    private static void awaitQuiet(java.util.function.LongSupplier counter, long limitMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + limitMs;
        long seen = -1;
        long stableSince = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long now = counter.getAsLong();
            if (now != seen) {
                seen = now;
                stableSince = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - stableSince >= 1_000) {
                return;
            }
            Thread.sleep(50);
        }
    }

    private static void awaitSubscribersEnded(FanoutStats stats, int subscribers, long deadlineNanos)
            throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (stats.completeCount() + stats.failedCount() >= subscribers) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static long heap(FanoutSettings s, List<RunningTarget> nodes) {
        long total = 0;
        for (RunningTarget target : nodes) {
            if (!s.heapProbe() || !target.kind().isJvm() || !target.measurable()) {
                return -1;
            }
            total += target.heapProbe().liveBytesAfterGc();
        }
        return total;
    }

    /** The bench process's own CPU seconds: its subscribers, publishers and parsing. */
    private static double ownCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    /** CPU and RSS summed over the nodes of a run. */
    private static final class NodesProbe {
        private final List<ProcessProbe> probes = new ArrayList<>();

        NodesProbe(List<RunningTarget> nodes) {
            nodes.forEach(node -> probes.add(node.processProbe()));
        }

        double cpuSeconds() {
            double total = 0;
            for (ProcessProbe probe : probes) {
                double cpu = probe.cpuSeconds();
                if (cpu < 0) {
                    return -1;
                }
                total += cpu;
            }
            return total;
        }

        long rssBytes() {
            long total = 0;
            for (ProcessProbe probe : probes) {
                long rss = probe.rssBytes();
                if (rss < 0) {
                    return -1;
                }
                total += rss;
            }
            return total;
        }
    }

    private static void closeAll(List<Channel> connections) {
        for (Channel channel : connections) {
            channel.close();
        }
    }

    /** Connections still open on the target's port after up to 10 s. */
    private static long awaitTargetDrained(RunningTarget target) throws InterruptedException {
        EstablishedSockets sockets = target.sockets();
        long deadline = System.currentTimeMillis() + 10_000;
        long open = sockets.count();
        while (open > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            open = sockets.count();
        }
        return open;
    }
}
