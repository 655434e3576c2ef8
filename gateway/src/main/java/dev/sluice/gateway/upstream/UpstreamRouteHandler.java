package dev.sluice.gateway.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.gateway.http.RouteHandler;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.sse.SseResponses;
import dev.sluice.gateway.stream.ActiveStream;
import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Answers a sidecar route: opens a stream and starts an {@link UpstreamRelay} for it on the request's
 * channel. Shared by every connection; holds nothing per request.
 */
public final class UpstreamRouteHandler implements RouteHandler {
    private final UpstreamRoute route;
    private final UpstreamPools pools;
    private final UpstreamLimits limits;
    private final long retryMs;
    private final SseEventEncoder encoder;
    private final JsonFactory json;
    private final StreamRegistry registry;
    private final UpstreamStats.Route stats;
    private final ChannelHold holds;
    private final GripSignature gripSignature;

    public UpstreamRouteHandler(UpstreamRoute route, UpstreamPools pools, UpstreamLimits limits, long retryMs,
            SseEventEncoder encoder, JsonFactory json, StreamRegistry registry, UpstreamStats stats, ChannelHold holds, GripSignature gripSignature) {
        this.holds = holds;
        this.gripSignature = gripSignature;
        this.route = route;
        this.pools = pools;
        this.limits = limits;
        this.retryMs = retryMs;
        this.encoder = encoder;
        this.json = json;
        this.registry = registry;
        this.stats = stats.route(route.path());
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        StreamHandle stream = registry.open(request.method().name(), uri.path(), ctx.executor().ticker());
        FullHttpRequest forwarded = ForwardedRequest.build(request, uri.rawQuery(), route.target(), stream.id(),
                ctx.channel().remoteAddress(),
                gripSignature == null ? null : gripSignature.value(System.currentTimeMillis()));
        UpstreamRelay relay = new UpstreamRelay(ctx, route, pools, limits, encoder, json, stream, stats, forwarded,
                holds, onEnd);
        relay.start(SseResponses.streamHead(request), retryMs);
        return relay;
    }
}
