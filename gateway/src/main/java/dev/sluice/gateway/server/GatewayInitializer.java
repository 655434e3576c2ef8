package dev.sluice.gateway.server;

import dev.sluice.gateway.config.HttpLimits;
import dev.sluice.gateway.http.BoundedBodyAggregator;
import dev.sluice.gateway.http.RequestRouter;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.http.StrictHttpRequestDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/**
 * Builds each accepted connection's pipeline:
 *
 * <pre>
 *  socket → decoder → keepAlive → aggregator → router → (route handler / stream)
 *  socket ← encoder ← keepAlive ←─────────────── router
 * </pre>
 *
 * The decoder enforces the request-line and header limits, the aggregator the body limit; the
 * keep-alive handler decides whether the connection survives each response. Typed on {@link Channel}
 * rather than a socket channel so tests can run the very same pipeline on an {@code EmbeddedChannel}.
 */
public final class GatewayInitializer extends ChannelInitializer<Channel> {
    /** Body chunks are aggregated anyway; this only bounds each decoded piece. */
    private static final int MAX_CHUNK_BYTES = 8192;

    private final HttpLimits limits;
    private final RouteTable routes;

    public GatewayInitializer(HttpLimits limits, RouteTable routes) {
        this.limits = limits;
        this.routes = routes;
    }

    @Override
    protected void initChannel(Channel ch) {
        HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(MAX_CHUNK_BYTES);
        ChannelPipeline p = ch.pipeline();
        p.addLast("decoder", new StrictHttpRequestDecoder(decoderConfig));
        p.addLast("encoder", new HttpResponseEncoder());
        p.addLast("keepAlive", new HttpServerKeepAliveHandler());
        p.addLast("aggregator", new BoundedBodyAggregator(limits.maxBodyBytes()));
        p.addLast("router", new RequestRouter(routes));
    }
}
