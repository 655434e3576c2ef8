package dev.sluice.gateway.stage;

import dev.sluice.gateway.http.ChatRequestReader;
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
 * Answers {@code /api/chat/stream}: validates the message, then starts a {@link StageProducer}
 * on the request's channel. Stateless and shared by every connection.
 */
public final class ChatStreamHandler implements RouteHandler {
    private final ChatRequestReader reader;
    private final StagePlan plan;
    private final long retryMs;
    private final SseEventEncoder encoder;
    private final StreamRegistry registry;

    public ChatStreamHandler(ChatRequestReader reader, StagePlan plan, long retryMs, SseEventEncoder encoder,
            StreamRegistry registry) {
        this.reader = reader;
        this.plan = plan;
        this.retryMs = retryMs;
        this.encoder = encoder;
        this.registry = registry;
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        reader.read(request, uri);
        StreamHandle stream = registry.open(uri.path());
        StageProducer producer = new StageProducer(ctx, plan, encoder, stream, onEnd);
        producer.start(SseResponses.streamHead(request), retryMs);
        return producer;
    }
}
