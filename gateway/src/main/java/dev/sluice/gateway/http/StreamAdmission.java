package dev.sluice.gateway.http;

import dev.sluice.gateway.stream.ActiveStream;
import dev.sluice.gateway.stream.StreamRefusedException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Wraps a route that starts streams so that a stream the registry refuses (stream limit reached, or
 * draining for shutdown) is answered {@code 503} with {@code Retry-After} (SPEC section 2) and the
 * connection stays open. The refusal is counted by the registry as outcome {@code rejected}.
 *
 * <p>Every route whose handler opens streams through the {@code StreamRegistry} goes through one of
 * these; the registry is the single place where the limit is enforced, exactly, across event loops.
 */
public final class StreamAdmission implements RouteHandler {
    private final RouteHandler streams;
    private final String retryAfterSeconds;

    /**
     * @param streams the handler that opens streams
     * @param retryAfterSeconds the {@code Retry-After} value: how long a refused client should wait
     */
    public StreamAdmission(RouteHandler streams, long retryAfterSeconds) {
        this.streams = streams;
        this.retryAfterSeconds = Long.toString(retryAfterSeconds);
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        try {
            return streams.handle(ctx, request, uri, onEnd);
        } catch (StreamRefusedException refused) {
            FullHttpResponse response = JsonResponses.errorResponse(ctx.alloc(),
                    HttpResponseStatus.SERVICE_UNAVAILABLE, refused.code(), refused.getMessage());
            response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
            JsonResponses.send(ctx, response, false);
            return null;
        }
    }
}
