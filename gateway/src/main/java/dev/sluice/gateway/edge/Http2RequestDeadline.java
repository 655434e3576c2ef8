package dev.sluice.gateway.edge;

import dev.sluice.gateway.http.JsonResponses;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The request timeout of one HTTP/2 stream ({@code --request-timeout-ms}, SPEC section 5): a stream
 * whose request has not fully arrived (headers without end of stream, then a body that trickles or
 * never comes) within the timeout of the stream opening gets {@code 408} and is closed, as an HTTP/1.1
 * connection would be. Without it such streams would sit in a connection's stream slots for ever: the
 * connection's idle timer does not fire while a stream is open.
 *
 * <p>One timer per stream, armed when the stream's pipeline is built and cancelled as soon as the
 * request's last part passes or a response starts (the aggregator answering {@code 413}), so a
 * stream that streams for an hour holds no timer.
 */
public final class Http2RequestDeadline extends ChannelDuplexHandler implements Runnable {
    private final long timeoutMs;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;

    public Http2RequestDeadline(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        timer = ctx.executor().schedule(this, timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof LastHttpContent) {
            cancel();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse) {
            cancel();
        }
        ctx.write(msg, promise);
    }

    @Override
    public void run() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        FullHttpResponse timeout = JsonResponses.requestTimeout(ctx.alloc(), timeoutMs);
        ctx.writeAndFlush(timeout).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
