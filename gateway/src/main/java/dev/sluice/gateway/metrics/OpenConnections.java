package dev.sluice.gateway.metrics;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The open client connections: counted for {@code sluice_connections_open} and closed together at
 * the end of a graceful shutdown. The pipeline initializer adds each accepted channel; Netty's
 * {@link DefaultChannelGroup} drops it when it closes. The group is a concurrent map, so event loops
 * accepting at once do not contend on one counter; its size is read at scrape time. Not a handler: a
 * handler in every pipeline costs each open connection a context for its whole life.
 */
public final class OpenConnections {
    private final ChannelGroup channels = new DefaultChannelGroup("client-connections", GlobalEventExecutor.INSTANCE);

    /** Counts {@code channel} until it closes. */
    public void add(Channel channel) {
        channels.add(channel);
    }

    /** Connections open now. */
    public long openConnections() {
        return channels.size();
    }

    /**
     * Closes every open connection. Shutdown calls this once each stream has had its final event, so
     * that keep-alive clients see the close at once rather than when the event loops stop.
     */
    public ChannelGroupFuture closeAll() {
        return channels.close();
    }

    /** Fires {@code event} through every open connection's pipeline, each on its own event loop. */
    public void fireUserEvent(Object event) {
        for (Channel channel : channels) {
            channel.pipeline().fireUserEventTriggered(event);
        }
    }
}
