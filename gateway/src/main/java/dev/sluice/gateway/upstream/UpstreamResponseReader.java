package dev.sluice.gateway.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * The relay's end of an upstream connection: sits after the {@code HttpClientCodec} while one relay
 * owns the channel and hands it each decoded response part. It consumes (and releases) every message,
 * so nothing reaches the pool's idle guard behind it. Removed when the connection goes back to the pool.
 */
final class UpstreamResponseReader extends ChannelInboundHandlerAdapter {
    static final String NAME = "relay";

    private final UpstreamRelay relay;

    UpstreamResponseReader(UpstreamRelay relay) {
        this.relay = relay;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                relay.upstreamHead(response);
            }
            if (msg instanceof HttpContent content) {
                relay.upstreamContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        relay.upstreamReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        relay.upstreamClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        relay.upstreamFailed(cause);
    }
}
