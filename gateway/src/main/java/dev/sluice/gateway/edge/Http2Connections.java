package dev.sluice.gateway.edge;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * The open HTTP/2 connections, so that a graceful shutdown can send each a {@code GOAWAY} first
 * (SPEC section 11): the client then opens no new stream on it, while the streams it has keep running
 * until they end or get their final event. Netty's {@link DefaultChannelGroup} drops a channel when it
 * closes.
 */
public final class Http2Connections {
    private final ChannelGroup channels = new DefaultChannelGroup("h2-connections", GlobalEventExecutor.INSTANCE);

    public void add(Channel connection) {
        channels.add(connection);
    }

    /**
     * Sends {@code GOAWAY (NO_ERROR)} naming the last stream each client opened, on each connection's own
     * event loop; returns at once.
     */
    public void goAway() {
        for (Channel connection : channels) {
            // A connection that closed meanwhile fails the write quietly; nothing else to do for it.
            connection.eventLoop().execute(() -> connection.writeAndFlush(
                    new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR)));
        }
    }

    public int size() {
        return channels.size();
    }
}
