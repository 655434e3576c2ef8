package dev.sluice.gateway.metrics;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts open client connections for {@code sluice_connections_open}. One shared instance sits first
 * in every connection's pipeline: a connection counts from {@code channelActive} to
 * {@code channelInactive}, which Netty fires exactly once each per connection. A {@link LongAdder}
 * keeps event loops that accept at once from contending on one counter; the sum is read at scrape.
 */
@Sharable
public final class ConnectionCounter extends ChannelInboundHandlerAdapter {
    private final LongAdder open = new LongAdder();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        open.increment();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrement();
        ctx.fireChannelInactive();
    }

    /** Connections open now. */
    public long openConnections() {
        return open.sum();
    }
}
