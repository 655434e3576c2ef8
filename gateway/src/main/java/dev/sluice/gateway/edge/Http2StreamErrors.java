package dev.sluice.gateway.edge;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In each HTTP/2 stream's pipeline, right after the frame-to-HTTP codec: a stream-level protocol error
 * (bad headers, a frame the codec cannot turn into a request) ends that stream only, with one debug
 * line, as hostile input is logged elsewhere; the connection and its other streams go on.
 */
@Sharable
public final class Http2StreamErrors extends ChannelInboundHandlerAdapter {
    public static final Http2StreamErrors INSTANCE = new Http2StreamErrors();
    private static final Logger log = LoggerFactory.getLogger(Http2StreamErrors.class);

    private Http2StreamErrors() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception || cause instanceof Http2FrameStreamException) {
            log.debug("{}: HTTP/2 stream error, resetting the stream: {}", ctx.channel(), cause.toString());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
