package dev.sluice.gateway.server;

import dev.sluice.gateway.config.ConnectionTimeouts;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.config.HttpLimits;
import dev.sluice.gateway.edge.CorsResponseHeaders;
import dev.sluice.gateway.http.BoundedBodyAggregator;
import dev.sluice.gateway.http.ConnectionTimeoutHandler;
import dev.sluice.gateway.http.RequestRouter;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.http.StrictHttpRequestDecoder;
import dev.sluice.gateway.metrics.OpenConnections;
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
 *  socket → connections → timeouts → decoder → keepAlive → aggregator ──────→ router → (route handler / stream)
 *  socket ←─────────────────────────── encoder ← keepAlive ←─────────── cors ← router
 * </pre>
 *
 * The connection counter feeds {@code sluice_connections_open}; the timeout handler sees raw bytes
 * (so it knows when a request starts before the decoder has a whole head) and hears from the router
 * when a request is complete and when the connection is idle. The decoder enforces the request-line
 * and header limits, the aggregator the body limit; the keep-alive handler decides whether the
 * connection survives each response; {@code cors} adds the allowed origin to a response head (the
 * routes decide, see {@code CrossOriginRoutes}). Typed on {@link Channel} rather than a socket channel so tests
 * can run the very same pipeline on an {@code EmbeddedChannel}.
 */
public final class GatewayInitializer extends ChannelInitializer<Channel> {
    /** Body chunks are aggregated anyway; this only bounds each decoded piece. */
    private static final int MAX_CHUNK_BYTES = 8192;

    private final HttpLimits limits;
    private final ConnectionTimeouts timeouts;
    private final OpenConnections connections;
    private final RouteTable routes;

    /** A pipeline with the default timeouts and a connection counter of its own, for tests. */
    public GatewayInitializer(HttpLimits limits, RouteTable routes) {
        this(limits, GatewayConfig.defaults().timeouts(), new OpenConnections(), routes);
    }

    /** @param connections the shared counter every connection of this listener reports to */
    public GatewayInitializer(HttpLimits limits, ConnectionTimeouts timeouts, OpenConnections connections,
            RouteTable routes) {
        this.limits = limits;
        this.timeouts = timeouts;
        this.connections = connections;
        this.routes = routes;
    }

    @Override
    protected void initChannel(Channel ch) {
        HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(MAX_CHUNK_BYTES)
                // Netty 4.2's default, set here on purpose: a bare LF line ending is a smuggling vector.
                .setStrictLineParsing(true);
        ConnectionTimeoutHandler timeoutHandler = new ConnectionTimeoutHandler(timeouts.requestTimeoutMs(),
                timeouts.idleTimeoutMs());
        ChannelPipeline p = ch.pipeline();
        p.addLast("connections", connections);
        p.addLast("timeouts", timeoutHandler);
        p.addLast("decoder", new StrictHttpRequestDecoder(decoderConfig));
        p.addLast("encoder", new HttpResponseEncoder());
        p.addLast("keepAlive", new HttpServerKeepAliveHandler());
        p.addLast("aggregator", new BoundedBodyAggregator(limits.maxBodyBytes()));
        p.addLast("cors", CorsResponseHeaders.INSTANCE);
        p.addLast("router", new RequestRouter(routes, timeoutHandler));
    }
}
