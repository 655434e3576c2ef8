package dev.sluice.gateway.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one handler after the {@code HttpClientCodec} on every upstream connection, installed once when the
 * connection is made: while a relay {@linkplain #attach owns} the connection it hands the relay each
 * decoded response part; while the connection sits in the pool it watches it.
 *
 * <p>One handler for both jobs, rather than a reader added and removed around every relayed request, so a
 * stream does not pay two pipeline changes (a handler context, name checks, added and removed callbacks)
 * on its event loop.
 *
 * <p><b>Owned.</b> Every message is consumed (and released) and given to the relay: heads, content, the
 * read's end, a close, a failure.
 *
 * <p><b>Pooled.</b> Upstream channels run with auto-read off, so an idle one would not notice its server
 * closing it: the next request would then fail on a dead socket. While idle the handler keeps one read
 * pending, so a close arrives as {@code channelInactive} and the pool's health check drops the channel;
 * bytes that arrive with no request outstanding cannot belong to any response, so the channel is closed.
 * A connection idle longer than the pool's keep-alive is closed too, so a burst of streams does not leave
 * its connections open forever.
 */
final class PooledConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PooledConnectionHandler.class);

    private final long keepAliveMs;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> expiry;
    /** The relay that owns the connection, or {@code null} while it is pooled. */
    private UpstreamRelay owner;

    PooledConnectionHandler(long keepAliveMs) {
        this.keepAliveMs = keepAliveMs;
    }

    /**
     * The handler of an upstream connection made by {@link UpstreamPools} (last in its pipeline, so found
     * without a walk), or {@code null} once the closed connection's pipeline has been torn down.
     */
    static PooledConnectionHandler of(Channel ch) {
        return ch.pipeline().last() instanceof PooledConnectionHandler handler ? handler : null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** From now on the connection's response parts go to {@code relay}. */
    void attach(UpstreamRelay relay) {
        owner = relay;
    }

    /** The relay is done with the connection: nothing more reaches it. */
    void detach() {
        owner = null;
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
        UpstreamRelay relay = owner;
        if (relay == null) {
            ReferenceCountUtil.release(msg);
            log.debug("{}: upstream sent data with no request outstanding, closing", ctx.channel());
            ctx.close();
            return;
        }
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
        UpstreamRelay relay = owner;
        if (relay != null) {
            relay.upstreamReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inUse();
        UpstreamRelay relay = owner;
        if (relay != null) {
            relay.upstreamClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamRelay relay = owner;
        if (relay != null) {
            relay.upstreamFailed(cause);
            return;
        }
        log.debug("{}: idle upstream connection failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }
}
