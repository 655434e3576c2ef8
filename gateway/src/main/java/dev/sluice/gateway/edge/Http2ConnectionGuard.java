package dev.sluice.gateway.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in an HTTP/2 connection's pipeline (after the multiplexer):
 *
 * <ul>
 *   <li>A connection error the frame codec raised (a rapid-reset flood, a header list over the limit, any
 *       protocol violation) has already been answered with {@code GOAWAY} and the connection is being
 *       closed by the codec; it is counted and logged at debug, one line, as hostile input is.</li>
 *   <li>An idle event (from the {@code IdleStateHandler} before the codec) closes the connection with
 *       {@code GOAWAY} only when no stream is open: a quiet event stream keeps its connection.</li>
 * </ul>
 */
public final class Http2ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Http2ConnectionGuard.class);

    private final EdgeStats stats;
    private final Http2FrameCodec codec;

    public Http2ConnectionGuard(EdgeStats stats, Http2FrameCodec codec) {
        this.stats = stats;
        this.codec = codec;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception) {
            // The codec has sent GOAWAY with the error's code and closes the connection itself; closing
            // here first would send GOAWAY (NO_ERROR) ahead of it and hide the reason from the client.
            stats.h2ConnectionError();
            log.debug("{}: HTTP/2 connection error, GOAWAY sent: {}", ctx.channel(), cause.toString());
            return;
        }
        if (cause instanceof IOException) {
            log.debug("{}: connection error, closing: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("{}: unexpected error on an HTTP/2 connection, closing", ctx.channel(), cause);
        }
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && codec.connection().numActiveStreams() == 0) {
            log.debug("{}: idle HTTP/2 connection, closing", ctx.channel());
            ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR)).addListener(f -> ctx.close());
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
