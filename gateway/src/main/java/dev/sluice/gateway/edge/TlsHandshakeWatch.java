package dev.sluice.gateway.edge;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after the {@code SslHandler}: counts each handshake as {@code ok} or {@code failed}, and
 * keeps TLS failures out of the error log. A failed handshake is what scanners, clients that do not
 * trust the certificate and plain HTTP sent to the TLS port produce all day; it is logged at debug,
 * one line without a stack trace, and the connection is closed.
 */
@Sharable
public final class TlsHandshakeWatch extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeWatch.class);

    private final EdgeStats stats;

    public TlsHandshakeWatch(EdgeStats stats) {
        this.stats = stats;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            stats.handshake(handshake.isSuccess());
            if (!handshake.isSuccess()) {
                log.debug("{}: TLS handshake failed: {}", ctx.channel(), String.valueOf(handshake.cause()));
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable tls = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (tls instanceof SSLException) {
            log.debug("{}: TLS error, closing: {}", ctx.channel(), tls.toString());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
