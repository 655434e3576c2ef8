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
    private final StageEventWriter stageEvents;
    private final long retryMs;
    private final SseEventEncoder encoder;
    private final StreamRegistry registry;
    private final StageObserver stages;

    public ChatStreamHandler(ChatRequestReader reader, StagePlan plan, long retryMs, SseEventEncoder encoder,
            StreamRegistry registry) {
        this(reader, plan, retryMs, encoder, registry, StageObserver.NONE);
    }

    /** @param stages told how long each stage of every stream took (the stage-duration metric) */
    public ChatStreamHandler(ChatRequestReader reader, StagePlan plan, long retryMs, SseEventEncoder encoder,
            StreamRegistry registry, StageObserver stages) {
        this.reader = reader;
        this.stageEvents = new StageEventWriter(plan);
        this.retryMs = retryMs;
        this.encoder = encoder;
        this.registry = registry;
        this.stages = stages;
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        reader.read(request, uri);
        StreamHandle stream = registry.open(request.method().name(), uri.path(), ctx.executor().ticker());
        StageProducer producer = new StageProducer(ctx, stageEvents, encoder, stream, onEnd, stages);
        producer.start(SseResponses.streamHead(request), retryMs);
        return producer;
    }
}
