package dev.sluice.bench.client;

import dev.sluice.bench.stats.ClientResult;
import dev.sluice.bench.stats.EventSchedule;
import dev.sluice.bench.stats.LoadStats;
import dev.sluice.bench.stats.StreamClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client process's load: opens its shard of the plan's streams at their intended start times (an
 * open-loop arrival schedule, independent of how fast the target answers), optionally replaces ended
 * streams until the steady duration is over, samples its counters on the run's shared grid, and returns
 * when every stream has ended or the plan's hard limit has passed (then it aborts what is left).
 */
public final class LoadClient {

    /** Most streams opened (and left after their first event) before the measured run, over about a second. */
    private static final int WARM_UP_STREAMS = 2_000;

    private final LoadPlan plan;
    private final LoadStats stats;
    private final EventSchedule schedule;
    private final ClientTransport transport;
    private final SourceAddresses sources;
    private final StreamRequests requests;
    private final InetSocketAddress remote;
    private final SplittableRandom random;
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong lastEndNanos = new AtomicLong();
    private final CountDownLatch allEnded = new CountDownLatch(1);
    private volatile boolean launching = true;
    private volatile long steadyUntilNanos;
    private Bootstrap bootstrap;
    private ChannelGroup channels;

    /** A client for {@code plan} recording into {@code stats}. */
    public LoadClient(LoadPlan plan, LoadStats stats) {
        this(plan, stats, ClientTransport.best());
    }

    /** A client on a chosen transport. */
    public LoadClient(LoadPlan plan, LoadStats stats, ClientTransport transport) {
        this.plan = plan;
        this.stats = stats;
        this.schedule = plan.schedule();
        this.transport = transport;
        this.sources = new SourceAddresses(plan.sourceAddresses(), plan.shardIndex());
        this.requests = new StreamRequests(plan.host(), plan.port(), plan.path(), plan.post(), plan.message());
        this.remote = new InetSocketAddress(plan.host(), plan.port());
        this.random = new SplittableRandom(plan.seed());
        long perProcess = FileLimit.streamsPerProcess();
        if (plan.peakConcurrencyPerShard() > perProcess) {
            throw new IllegalArgumentException("this plan holds up to " + plan.peakConcurrencyPerShard()
                    + " streams in one client process, but its open-files limit (" + FileLimit.maxOpenFiles()
                    + ") allows about " + perProcess + "; run it with --processes "
                    + (long) Math.ceil(plan.peakConcurrencyPerShard() * (double) plan.shardCount() / perProcess));
        }
    }

    /** Runs the shard to its end and returns what it saw. */
    public ClientResult run() throws InterruptedException {
        EventLoopGroup group = transport.newGroup(plan.clientThreads());
        ScheduledExecutorService sampler = SamplerThread.start("bench-sampler");
        channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            bootstrap = transport.bootstrap().group(group);
            warmUp();
            waitForStartTime();
            ClientCostMeter cost = new ClientCostMeter();
            cost.start();
            long t0 = System.nanoTime();
            lastEndNanos.set(t0);
            steadyUntilNanos = t0 + TimeUnit.MILLISECONDS.toNanos(plan.durationMs());
            long interval = TimeUnit.MILLISECONDS.toNanos(plan.sampleIntervalMs());
            AtomicLong tick = new AtomicLong();
            sampler.scheduleAtFixedRate(() -> stats.sample((int) tick.getAndIncrement()), 0, interval,
                    TimeUnit.NANOSECONDS);
            launchArrivals(t0);
            launching = plan.steady();
            long hardLimit = t0 + plan.hardLimitNanos();
            checkAllEnded();
            if (!allEnded.await(Math.max(0, hardLimit - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                abortRemaining();
                allEnded.await(5, TimeUnit.SECONDS);
            }
            sampler.shutdown();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
            stats.sample((int) tick.get());
            return stats.result(lastEndNanos.get() - t0).withCost(cost.stop());
        } finally {
            sampler.shutdownNow();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * Runs the receive path in memory ({@link ReceivePathWarmUp}) and the whole stream path against a null
     * target in this process ({@link LoopbackWarmUp}), then opens a few streams that leave
     * after their first event, recorded nowhere, so that class loading
     * and the first JIT passes in this client (and the target's accept path) happen before the clock
     * starts rather than as a queue behind the first measured streams.
     */
    private void warmUp() throws InterruptedException {
        ReceivePathWarmUp.run(schedule);
        // A short run needs no more warm-up than a few times its own streams.
        LoopbackWarmUp.run(transport, (handler, to) -> channels.add(connect(handler, to).channel()), plan,
                (int) Math.min(LoopbackWarmUp.STREAMS, 10L * Math.max(25, plan.shardStreams())));
        double shardRate = plan.rate() / plan.shardCount();
        int count = (int) Math.min(plan.shardStreams(), Math.min(WARM_UP_STREAMS, Math.max(100, shardRate)));
        long spacingNanos = (long) (1e9 / Math.max(shardRate, count));
        LoadStats discarded = new LoadStats();
        CountDownLatch done = new CountDownLatch(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * spacingNanos;
            Pacing.parkUntil(due);
            long now = System.nanoTime();
            StreamHandler handler = new StreamHandler(requests.bytes(), new StreamClock(now, schedule, discarded),
                    new StreamCheck(0, plan.relayed()), discarded, now + TimeUnit.SECONDS.toNanos(5), Long.MAX_VALUE,
                    true, outcome -> done.countDown());
            connect(handler);
        }
        done.await(10, TimeUnit.SECONDS);
    }

    private ChannelFuture connect(StreamHandler handler) {
        return connect(handler, remote);
    }

    private ChannelFuture connect(StreamHandler handler, InetSocketAddress to) {
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(handler);
            }
        }).connect(to, sources.forConnection(connections.getAndIncrement()));
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                handler.connectFailed(f.cause());
            }
        });
        return connect;
    }

    private void waitForStartTime() throws InterruptedException {
        long wait = plan.startAtEpochMs() - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /**
     * Launches this shard's streams at their intended times. Stream j of shard i is stream j*n+i of the
     * whole run, so shards interleave and together keep the plan's rate.
     */
    private void launchArrivals(long t0) {
        int count = plan.shardStreams();
        double nanosPerStream = 1e9 / plan.rate();
        for (int j = 0; j < count; j++) {
            long globalIndex = (long) j * plan.shardCount() + plan.shardIndex();
            long intended = t0 + (long) (globalIndex * nanosPerStream);
            Pacing.parkUntil(intended);
            launch(intended);
        }
    }

    private void launch(long intendedStart) {
        stats.launched();
        StreamClock clock = new StreamClock(intendedStart, schedule, stats, plan.leadingEvents() + 1);
        StreamCheck check = plan.newCheck();
        long deadline = intendedStart + schedule.durationNanos() + TimeUnit.MILLISECONDS.toNanos(plan.slackMs());
        long leaveAt = Long.MAX_VALUE;
        if (plan.leaveFraction() > 0) {
            synchronized (random) {
                if (random.nextDouble() < plan.leaveFraction()) {
                    leaveAt = intendedStart + (long) (random.nextDouble() * Math.max(1, schedule.durationNanos()));
                }
            }
        }
        StreamHandler handler = new StreamHandler(requests.bytes(), clock, check, stats, deadline, leaveAt, false,
                outcome -> streamEnded());
        channels.add(connect(handler).channel());
    }

    private void streamEnded() {
        lastEndNanos.accumulateAndGet(System.nanoTime(), Math::max);
        if (launching && plan.steady()) {
            if (System.nanoTime() < steadyUntilNanos) {
                launch(System.nanoTime());
                return;
            }
            launching = false;
        }
        checkAllEnded();
    }

    private void checkAllEnded() {
        if (!launching && stats.ended() >= stats.launchedCount()) {
            allEnded.countDown();
        }
    }

    private void abortRemaining() {
        launching = false;
        for (Channel channel : channels) {
            StreamHandler handler = channel.pipeline().get(StreamHandler.class);
            if (handler != null) {
                channel.eventLoop().execute(handler::abort);
            }
        }
    }
}
