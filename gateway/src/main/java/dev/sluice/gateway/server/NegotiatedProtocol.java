package dev.sluice.gateway.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;

/**
 * Once the TLS handshake is done, builds the rest of the connection's pipeline for the protocol the
 * client chose by ALPN: HTTP/2 for {@code h2}, HTTP/1.1 for {@code http/1.1} and for clients that
 * offered nothing. A failed handshake has been counted and logged by {@code TlsHandshakeWatch}; here it
 * only closes the connection (Netty's default would log a warning with a stack trace for each).
 */
final class NegotiatedProtocol extends ApplicationProtocolNegotiationHandler {
    private final GatewayInitializer initializer;

    NegotiatedProtocol(GatewayInitializer initializer) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.initializer = initializer;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            initializer.addHttp2(ctx.channel());
        } else {
            initializer.addHttp1(ctx.channel());
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
