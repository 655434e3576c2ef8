package dev.sluice.gateway.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.gateway.http.RouteHandler;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stream.StreamRegistry;
import io.netty.channel.socket.SocketChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sidecar side of one gateway: a handler per configured route, the per-loop connection pools they
 * share and their metrics. Built once at start.
 */
public final class SidecarRoutes {
    private final List<UpstreamRoute> routes;
    private final UpstreamStats stats = new UpstreamStats();
    private final Map<UpstreamRoute, RouteHandler> handlers = new LinkedHashMap<>();

    /**
     * @param routes the configured routes
     * @param limits upstream timeouts and size limits
     * @param channelClass the transport's client channel class, matching the server's event loops
     * @param loops the number of event loops, across which {@code limits.maxConnections()} is split
     * @param retryMs the {@code retry:} hint sent first on every stream
     * @param holds where a stream goes when its upstream holds it on a channel (SPEC section 10)
     * @param gripSigningKey the key {@code Grip-Sig} is signed with (the first publish token), or {@code null}
     *     to send none
     */
    public SidecarRoutes(List<UpstreamRoute> routes, UpstreamLimits limits, Class<? extends SocketChannel> channelClass,
            int loops, long retryMs, StreamRegistry streams, ChannelHold holds, String gripSigningKey) {
        this.routes = List.copyOf(routes);
        UpstreamPools pools = new UpstreamPools(channelClass, limits.connectTimeoutMs(), limits.maxConnections(),
                limits.maxIdleConnections(), loops);
        JsonFactory json = new JsonFactory();
        SseEventEncoder encoder = new SseEventEncoder(json);
        GripSignature signature = gripSigningKey == null ? null : new GripSignature(gripSigningKey);
        for (UpstreamRoute route : this.routes) {
            handlers.put(route, new UpstreamRouteHandler(route, pools, limits, retryMs, encoder, json, streams, stats, holds,
                    signature));
        }
    }

    /** No sidecar routes: a gateway that only serves its built-in streams. */
    public static SidecarRoutes none() {
        return new SidecarRoutes(List.of(), new UpstreamLimits(1, 1, 1, 1024, 0, 0), SocketChannel.class, 1, 0,
                new StreamRegistry(), (ctx, channel, stream, onEnd) -> {
                    throw new IllegalStateException("no sidecar routes, so no held streams");
                }, null);
    }

    public List<UpstreamRoute> routes() {
        return routes;
    }

    /** The handler that relays {@code route}, one of {@link #routes()}. */
    public RouteHandler handler(UpstreamRoute route) {
        return handlers.get(route);
    }

    public UpstreamStats stats() {
        return stats;
    }
}
