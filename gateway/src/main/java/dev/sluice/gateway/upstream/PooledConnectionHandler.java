package dev.sluice.gateway.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches an upstream connection while it sits in the pool.
 *
 * <p>Upstream channels run with auto-read off, so an idle one would not notice its server closing it:
 * the next request would then fail on a dead socket. While idle the guard keeps one read pending, so a
 * close arrives as {@code channelInactive} and the pool's health check drops the channel; bytes that
 * arrive with no request outstanding cannot belong to any response, so the channel is closed. A
 * connection idle longer than the pool's keep-alive is closed too, so a burst of streams does not
 * leave its connections open forever. Last in the pipeline: while a relay owns the channel, its reader
 * sits before the guard and consumes every message.
 */
final class IdleConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(IdleConnectionGuard.class);

    private final long keepAliveMs;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> expiry;

    IdleConnectionGuard(long keepAliveMs) {
        this.keepAliveMs = keepAliveMs;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The connection went back to the pool. */
    void idle() {
        ctx.read();
        expiry = ctx.executor().schedule(this::expire, keepAliveMs, TimeUnit.MILLISECONDS);
    }

    /** A relay took the connection out of the pool. */
    void inUse() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    private void expire() {
        expiry = null;
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        log.debug("{}: upstream sent data with no request outstanding, closing", ctx.channel());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inUse();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: idle upstream connection failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
