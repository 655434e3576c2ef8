package dev.sluice.gateway.server;

import dev.sluice.gateway.bus.ChannelHomes;
import dev.sluice.gateway.bus.EventBus;
import dev.sluice.gateway.bus.InProcessBus;
import dev.sluice.gateway.channel.ChannelHub;
import dev.sluice.gateway.config.ConfigException;
import dev.sluice.gateway.config.EdgeConfig;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.edge.EdgeStats;
import dev.sluice.gateway.edge.Http2Connections;
import dev.sluice.gateway.edge.ReloadingTlsContext;
import dev.sluice.gateway.config.TransportKind;
import dev.sluice.gateway.config.StreamLimits;
import dev.sluice.gateway.http.ConnectionTimeoutHandler;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.metrics.AccessLog;
import dev.sluice.gateway.redis.RedisBus;
import dev.sluice.gateway.redis.RedisStageLogs;
import dev.sluice.gateway.stage.SharedStageLogs;
import dev.sluice.gateway.metrics.OpenConnections;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stream.StreamListener;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.stream.StreamTimers;
import dev.sluice.gateway.upstream.SidecarRoutes;
import dev.sluice.gateway.upstream.UpstreamStats;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's lifecycle: binds the listening socket on a {@link MultiThreadIoEventLoopGroup},
 * serves until {@link #close()}, then drains and shuts the event loops down.
 *
 * <p>Shutdown is graceful (SPEC section 5): stop accepting, report not ready, let open streams run
 * to their end until the drain deadline, then end each remaining stream on its own event loop with
 * a {@code retry:} hint and a final {@code error} event (code {@code shutdown}), and only then close
 * the connections. A stream is only ever ended between two of its events, so no client sees half an
 * event.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    /** Room for a reconnect storm's SYN burst while the loops accept. */
    private static final int BACKLOG = 4096;
    /** How often the drain checks whether every stream has finished on its own. */
    private static final long DRAIN_POLL_MS = 10;
    /**
     * With {@code --reuse-port}, how long after the listener closed new streams are still admitted: a
     * connection accepted in the last moment before the close sends its request a moment later, and
     * refusing it would drop a client in the middle of a restart.
     */
    private static final long REUSE_PORT_ADMISSION_GRACE_MS = 1000;
    /** Bound on waiting for the loops to write the final events; they are busy for microseconds each. */
    private static final long FINAL_EVENTS_WAIT_MS = 5000;
    /** Names the event-loop threads ({@code sluice-io-<pool>-<n>}) in thread dumps and logs. */
    public static final String THREAD_PREFIX = "sluice-io";

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final Transport transport;
    private final StreamRegistry streams;
    private final Readiness readiness;
    private final GatewayConfig config;
    private final UpstreamStats upstreamStats;
    private final GatewayMetrics metrics;
    private final Channel adminChannel;
    private final OpenConnections connections;
    private final ChannelHub channels;
    private final EdgeSetup edge;
    private final EventBus bus;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean closing;

    private GatewayServer(EventLoopGroup group, Channel serverChannel, Transport transport, StreamRegistry streams,
            Readiness readiness, GatewayConfig config, UpstreamStats upstreamStats, GatewayMetrics metrics,
            Channel adminChannel, OpenConnections connections, ChannelHub channels, EdgeSetup edge,
            EventBus bus) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.transport = transport;
        this.streams = streams;
        this.readiness = readiness;
        this.config = config;
        this.upstreamStats = upstreamStats;
        this.metrics = metrics;
        this.adminChannel = adminChannel;
        this.connections = connections;
        this.channels = channels;
        this.edge = edge;
        this.bus = bus;
    }

    /** Binds and starts serving; returns once the socket is listening. */
    public static GatewayServer start(GatewayConfig config) throws InterruptedException {
        Transport transport = Transport.select(config.transport());
        if (config.scaleOut().reusePort() && !transport.supportsReusePort()) {
            throw new ConfigException("--reuse-port needs the native epoll transport (Linux), but the transport is "
                    + transport.name() + (config.transport() == TransportKind.NIO ? " (--transport nio)"
                            : ": " + Epoll.unavailabilityCause()));
        }
        int threads = config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(THREAD_PREFIX),
                transport.ioHandlerFactory());
        Channel channel = null;
        Channel adminChannel = null;
        EventBus bus = null;
        try {
            StreamLimits limits = config.streamLimits();
            StreamTimers timers = new StreamTimers(limits.heartbeatIntervalMs(), limits.slowClientTimeoutMs(),
                    limits.maxDurationMs());
            OpenConnections connections = new OpenConnections();
            GatewayMetrics metrics = new GatewayMetrics(config.plan(), connections);
            StreamListener listener = config.observability().accessLog()
                    ? StreamListener.both(metrics, new AccessLog())
                    : metrics;
            StreamRegistry streams = new StreamRegistry(limits.maxStreams(), timers, listener);
            metrics.countStreams(streams);
            Readiness readiness = new Readiness();
            ChannelHomes homes = new ChannelHomes(group);
            bus = config.scaleOut().hasBus()
                    ? RedisBus.start(config.scaleOut().bus(), group.next(), transport.clientChannel(),
                            config.channels().replayEvents(), metrics.registry())
                    : new InProcessBus(homes);
            ChannelHub channels = new ChannelHub(homes, bus, config.channels(), ByteBufAllocator.DEFAULT);
            metrics.countChannels(channels);
            // A sidecar hold (SPEC section 10) hands its client to the channel's subscribers; Grip-Sig is
            // signed with the first publish token, the key a GRIP app is configured with.
            List<String> tokens = config.channels().publishTokens();
            SidecarRoutes sidecar = new SidecarRoutes(config.routes(), config.upstream(), transport.clientChannel(),
                    threads, config.retryMs(), streams,
                    GatewayRoutes.channelStream(config, streams, channels, new SseEventEncoder())::follow,
                    tokens.isEmpty() ? null : tokens.get(0));
            sidecar.stats().register(metrics.registry());
            // With a bus, stage jobs share their logs so that a stream resumes on any node (SPEC 12).
            SharedStageLogs sharedStageLogs = bus instanceof RedisBus redis
                    ? new RedisStageLogs(redis, channels, config.resumeWindowMs(), limits.maxDurationMs())
                    : SharedStageLogs.NONE;
            RouteTable routes = GatewayRoutes.build(config, streams, readiness, sidecar, metrics, channels,
                    sharedStageLogs);
            // A stream pauses once the high mark waits unsent and resumes under the low one. An event
            // is a few hundred bytes, so a healthy client never gets near either.
            WriteBufferWaterMark waterMark = new WriteBufferWaterMark(limits.writeBufferLowBytes(),
                    limits.writeBufferHighBytes());
            EdgeSetup edge = edgeSetup(config.edge(), waterMark);
            edge.stats().register(metrics.registry());
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, BACKLOG)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                    .childHandler(new GatewayInitializer(config.limits(), config.timeouts(), connections, routes, edge));
            ServerBootstrap main = bootstrap.clone();
            if (config.scaleOut().reusePort()) {
                // Only the main port is shared: each process keeps its own admin port, so /metrics and
                // /readyz answer for that process alone.
                main.option(EpollChannelOption.SO_REUSEPORT, true);
            }
            channel = bind(main, config.host(), config.port());
            if (config.observability().hasAdminPort()) {
                // Scrapes are not client traffic: their connections are not counted.
                adminChannel = bind(bootstrap.clone()
                        .childHandler(new GatewayInitializer(config.limits(), config.timeouts(), new OpenConnections(),
                                GatewayRoutes.admin(streams, readiness, metrics))),
                        config.host(), config.observability().adminPort());
                log.info("admin (/metrics, /healthz, /readyz) on {}", adminChannel.localAddress());
            }
            GatewayServer server = new GatewayServer(group, channel, transport, streams, readiness, config,
                    sidecar.stats(), metrics, adminChannel, connections, channels, edge, bus);
            log.info("listening on {} ({}, {}, {} event loops{})", channel.localAddress(),
                    edge.tls() == null ? "HTTP/1.1" : "TLS: HTTP/2 and HTTP/1.1", transport.name(), threads,
                    config.scaleOut().reusePort() ? ", port shared with SO_REUSEPORT" : "");
            return server;
        } catch (Throwable e) {
            // Nothing may outlive a failed start: the event loops are not daemon threads, so a process
            // whose start failed would otherwise stay up, listening on nothing.
            if (channel != null) {
                channel.close().awaitUninterruptibly();
            }
            if (bus != null) {
                bus.close();
            }
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(FINAL_EVENTS_WAIT_MS);
            throw e;
        }
    }

    /**
     * Binds {@code bootstrap} to {@code host:port}; a failure (the port is taken, the address is not
     * this machine's) becomes a {@link GatewayStartException} whose message names the address and the
     * reason, without the native call's name and error number.
     */
    private static EdgeSetup edgeSetup(EdgeConfig edge, WriteBufferWaterMark waterMark) {
        ReloadingTlsContext tls = null;
        if (edge.tls()) {
            try {
                tls = ReloadingTlsContext.load(edge.tlsCert(), edge.tlsKey());
            } catch (IOException | IllegalArgumentException e) {
                throw new GatewayStartException("cannot load the TLS certificate " + edge.tlsCert() + " and key "
                        + edge.tlsKey() + ": " + e.getMessage(), e);
            }
        }
        return new EdgeSetup(tls, new EdgeStats(), new Http2Connections(), edge.h2MaxConcurrentStreams(), waterMark);
    }

    private static Channel bind(ServerBootstrap bootstrap, String host, int port) throws InterruptedException {
        ChannelFuture bound = bootstrap.bind(host, port).await();
        if (!bound.isSuccess()) {
            throw new GatewayStartException("cannot listen on " + host + ":" + port + ": "
                    + reason(bound.cause()), bound.cause());
        }
        return bound.channel();
    }

    /** The operating system's text of a socket error: "Address already in use", not "bind(..) failed with error(-98): ...". */
    private static String reason(Throwable cause) {
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        int detail = message.lastIndexOf("): ");
        return detail >= 0 ? message.substring(detail + 3) : message;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** The admin port, or -1 when {@code /metrics} is served on {@link #port()}. */
    public int adminPort() {
        return adminChannel == null ? -1 : ((InetSocketAddress) adminChannel.localAddress()).getPort();
    }

    /** Client connections open on this process now. */
    public long openConnections() {
        return connections.openConnections();
    }

    /** Protocol, HTTP/2 and TLS handshake counts. */
    public EdgeStats edgeStats() {
        return edge.stats();
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public String transportName() {
        return transport.name();
    }

    /** This node's channels (SPEC section 9): the publish entry point for embedded producers and tests. */
    public ChannelHub channels() {
        return channels;
    }

    public StreamRegistry streams() {
        return streams;
    }

    public Readiness readiness() {
        return readiness;
    }

    /** Per-route metrics of the sidecar routes. */
    public UpstreamStats upstreamStats() {
        return upstreamStats;
    }

    /** Blocks until a shutdown has finished: every stream ended and the event loops stopped. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Shuts down gracefully with the configured drain deadline ({@code drain-timeout-ms}). */
    @Override
    public void close() {
        shutdown(config.streamLimits().drainTimeoutMs());
    }

    /**
     * Shuts down gracefully: stops accepting and marks the gateway not ready, waits up to
     * {@code drainTimeoutMs} for open streams to finish, ends the rest with a final event, then closes
     * every connection and stops the event loops. Requests arriving meanwhile on open connections get
     * {@code 503}. Blocks until done; a second call waits for the first and returns.
     */
    public synchronized void shutdown(long drainTimeoutMs) {
        if (closing) {
            return;
        }
        closing = true;
        long started = System.nanoTime();
        readiness.markDraining();
        if (config.scaleOut().reusePort()) {
            // A sibling process shares the port: from now on the kernel sends new connections there.
            // The ones already accepted here (or queued, accepted now) still get their stream.
            AcceptQueueDrain.close(serverChannel).syncUninterruptibly();
            pause(Math.min(REUSE_PORT_ADMISSION_GRACE_MS, drainTimeoutMs));
            streams.stopAdmitting();
            // Keep-alive clients would get 503 here from now on; closed while idle, they reconnect,
            // and the kernel sends their new connection to the sibling process.
            connections.fireUserEvent(ConnectionTimeoutHandler.CLOSE_WHEN_IDLE);
        } else {
            streams.stopAdmitting();
            serverChannel.close().syncUninterruptibly();
        }
        // HTTP/2 clients learn first that no new stream will be served here; their open streams go on.
        edge.h2Connections().goAway();
        long waiting = streams.openStreams();
        boolean finished = awaitNoOpenStreams(drainTimeoutMs);
        int ended = finished ? 0 : endRemainingStreams();
        // Every stream has had its last chunk; keep-alive clients learn at once that the gateway is gone.
        connections.closeAll().awaitUninterruptibly(FINAL_EVENTS_WAIT_MS, TimeUnit.MILLISECONDS);
        channels.closeAll();
        bus.close();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        log.info("shut down in {} ms: {} streams were open at the start of the drain, {} ended with a final event",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), waiting, ended);
        closed.countDown();
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitNoOpenStreams(long drainTimeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs);
        while (streams.openStreams() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(DRAIN_POLL_MS, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Ends every stream still open on its own event loop. The task is queued behind whatever the loop
     * is doing, so it runs between events; and since admission is closed, any stream admitted before
     * is already watched by the time the task runs.
     */
    private int endRemainingStreams() {
        StreamTimers timers = streams.timers();
        List<Future<Integer>> perLoop = new ArrayList<>();
        for (EventExecutor loop : group) {
            perLoop.add(loop.submit(() -> timers.shutdown(loop, config.retryMs())));
        }
        int ended = 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FINAL_EVENTS_WAIT_MS);
        for (Future<Integer> future : perLoop) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (future.awaitUninterruptibly(left, TimeUnit.NANOSECONDS) && future.isSuccess()) {
                ended += future.getNow();
            } else {
                log.warn("an event loop did not end its streams in time: {}", String.valueOf(future.cause()));
            }
        }
        return ended;
    }
}
