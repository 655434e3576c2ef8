package dev.sluice.gateway.metrics;

import dev.sluice.gateway.http.RouteHandler;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.sse.SseResponses;
import dev.sluice.gateway.stream.ActiveStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.function.Supplier;

/**
 * Answers {@code GET /api/status/stream} with a {@link StatusStream}. Status viewers are not chat
 * streams: they are not counted in the stream registry, so watching the gateway does not change the
 * figures being watched.
 */
public final class StatusStreamHandler implements RouteHandler {
    /** Once a second: often enough for a live page, cheap for any number of viewers. */
    public static final long PERIOD_MS = 1000;

    private final Supplier<StatusSample> figures;
    private final SseEventEncoder encoder;
    private final long retryMs;

    public StatusStreamHandler(Supplier<StatusSample> figures, SseEventEncoder encoder, long retryMs) {
        this.figures = figures;
        this.encoder = encoder;
        this.retryMs = retryMs;
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        StatusStream stream = new StatusStream(ctx, figures, encoder, PERIOD_MS);
        stream.start(SseResponses.streamHead(request), retryMs);
        return stream;
    }
}
