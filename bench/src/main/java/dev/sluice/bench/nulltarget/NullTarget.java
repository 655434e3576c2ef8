package dev.sluice.bench.nulltarget;

import dev.sluice.bench.client.ClientTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;

/**
 * A trivial SSE server for {@code calibrate}: the bench's stage stream with pre-encoded events on one
 * event loop thread. It does the least a server can, so what the bench measures against it is the
 * client's (and the loopback's) own floor.
 */
public final class NullTarget {

    private NullTarget() {
    }

    /** Serves on 127.0.0.1:{@code port} until the process is stopped. */
    public static void serve(ClientTransport transport, int port, int stages, long delayMs) throws InterruptedException {
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
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
