package dev.sluice.gateway.upstream;

import dev.sluice.gateway.stream.ActiveStream;
import dev.sluice.gateway.stream.StreamHandle;
import io.netty.channel.ChannelHandlerContext;

/**
 * Where a held stream goes once its upstream has answered (SPEC section 10): a subscription of the
 * client's connection to a channel. The relay has already written the response head and its first
 * events, and has given the upstream connection back; from the hand-off on, the returned stream owns
 * the connection's output. Called on the client channel's event loop.
 */
@FunctionalInterface
public interface ChannelHold {

    /**
     * @param ctx the client connection, mid-response
     * @param channel the channel to follow, from now on (live events only)
     * @param stream the client's stream, opened by the relay; the subscription ends it
     * @param onEnd to run once when the subscription has written its last chunk or stopped
     * @return the subscription, which now receives the router's calls
     */
    ActiveStream subscribe(ChannelHandlerContext ctx, String channel, StreamHandle stream, Runnable onEnd);
}
