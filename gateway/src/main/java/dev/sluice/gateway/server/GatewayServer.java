package dev.sluice.gateway.server;

import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.stream.StreamRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's lifecycle: binds the listening socket on a {@link MultiThreadIoEventLoopGroup},
 * serves until {@link #close()}, then shuts the event loops down.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    /** Room for a reconnect storm's SYN burst while the loops accept. */
    private static final int BACKLOG = 4096;
    /**
     * Per-connection outbound bounds: a stream pauses once 64 KiB wait unsent and resumes under
     * 32 KiB. An event is a few hundred bytes, so a healthy client never gets near either.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final Transport transport;
    private final StreamRegistry streams;
    private final Readiness readiness;

    private GatewayServer(EventLoopGroup group, Channel serverChannel, Transport transport, StreamRegistry streams,
            Readiness readiness) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.transport = transport;
        this.streams = streams;
        this.readiness = readiness;
    }

    /** Binds and starts serving; returns once the socket is listening. */
    public static GatewayServer start(GatewayConfig config) throws InterruptedException {
        Transport transport = Transport.select(config.transport());
        int threads = config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, transport.ioHandlerFactory());
        try {
            StreamRegistry streams = new StreamRegistry();
            Readiness readiness = new Readiness();
            RouteTable routes = GatewayRoutes.build(config, streams, readiness);
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, BACKLOG)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childHandler(new GatewayInitializer(config.limits(), routes));
            Channel channel = bootstrap.bind(config.host(), config.port()).sync().channel();
            GatewayServer server = new GatewayServer(group, channel, transport, streams, readiness);
            log.info("listening on {} ({}, {} event loops)", channel.localAddress(), transport.name(), threads);
            return server;
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    public String transportName() {
        return transport.name();
    }

    public StreamRegistry streams() {
        return streams;
    }

    public Readiness readiness() {
        return readiness;
    }

    /** Completes when the listening socket has closed. */
    public io.netty.channel.ChannelFuture closeFuture() {
        return serverChannel.closeFuture();
    }

    /** Stops accepting and shuts the event loops down, closing every connection. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
