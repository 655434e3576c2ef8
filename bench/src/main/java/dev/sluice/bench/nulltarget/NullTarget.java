package dev.sluice.bench.nulltarget;

import dev.sluice.bench.client.ClientTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A trivial SSE server for {@code calibrate}: the bench's stage stream with pre-encoded events on one
 * event loop thread. It does the least a server can, so what the bench measures against it is the
 * client's (and the loopback's) own floor. The load client also starts one in its own process to warm
 * its connect path up without touching the target ({@code LoopbackWarmUp}).
 */
public final class NullTarget implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel server;

    private NullTarget(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /** Serves on 127.0.0.1:{@code port} until the process is stopped. */
    public static void serve(ClientTransport transport, int port, int stages, long delayMs) throws InterruptedException {
        try (NullTarget target = start(transport, port, stages, delayMs)) {
            target.server.closeFuture().sync();
        }
    }

    /** Starts serving on 127.0.0.1:{@code port} ({@code 0}: any free port) on a new event loop thread. */
    public static NullTarget start(ClientTransport transport, int port, int stages, long delayMs)
            throws InterruptedException {
        NullStreamPlan plan = new NullStreamPlan(stages, delayMs);
        EventLoopGroup group = transport.newGroup(1);
        try {
            Channel server = new ServerBootstrap().group(group).channel(transport.serverChannelClass())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new NullStreamHandler(plan));
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            return new NullTarget(group, server);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The port it listens on. */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Stops listening and stops its event loop. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
