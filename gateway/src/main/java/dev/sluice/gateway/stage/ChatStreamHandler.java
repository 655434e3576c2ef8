package dev.sluice.gateway.stage;

import dev.sluice.gateway.http.ChatRequestReader;
import dev.sluice.gateway.http.RouteHandler;
import dev.sluice.gateway.log.FanOutStats;
import dev.sluice.gateway.log.LogSource;
import dev.sluice.gateway.log.SseSubscriber;
import dev.sluice.gateway.log.SubscriberSettings;
import dev.sluice.gateway.resume.LastEventId;
import dev.sluice.gateway.resume.StagePosition;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.sse.SseResponses;
import dev.sluice.gateway.stream.ActiveStream;
import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Answers {@code /api/chat/stream}. A request without {@code Last-Event-ID} validates its message and
 * starts a {@link StageJob} on its channel's loop with the connection as first subscriber. A request
 * naming an event of a job this node keeps subscribes to that job after the event (SPEC section 8):
 * no new job, the events it missed, then the live ones. One naming the final event gets {@code 204};
 * one naming an unknown or expired stream gets {@code 204} with {@code x-sluice-stream: expired}.
 * Stateless and shared by every connection.
 */
public final class ChatStreamHandler implements RouteHandler {
    /** Where the gateway serves it (a sidecar route may take the path over). */
    public static final String PATH = "/api/chat/stream";

    private final ChatRequestReader reader;
    private final StageEventWriter stageEvents;
    private final SseEventEncoder encoder;
    private final StreamRegistry registry;
    private final StageObserver stages;
    private final StageJobs jobs;
    private final SubscriberSettings subscribers;

    /** A handler whose jobs end with their last subscriber (no resume window), for tests. */
    public ChatStreamHandler(ChatRequestReader reader, StagePlan plan, long retryMs, SseEventEncoder encoder,
            StreamRegistry registry) {
        this(reader, plan, retryMs, encoder, registry, StageObserver.NONE, new StageJobs(0));
    }

    /**
     * @param stages told how long each stage of every stream took (the stage-duration metric)
     * @param jobs where jobs are kept for resuming
     */
    public ChatStreamHandler(ChatRequestReader reader, StagePlan plan, long retryMs, SseEventEncoder encoder,
            StreamRegistry registry, StageObserver stages, StageJobs jobs) {
        this.reader = reader;
        this.stageEvents = new StageEventWriter(plan);
        this.encoder = encoder;
        this.registry = registry;
        this.stages = stages;
        this.jobs = jobs;
        this.subscribers = new SubscriberSettings(encoder, retryMs, FanOutStats.NONE);
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        String lastEventId = LastEventId.of(request, uri);
        if (lastEventId != null) {
            return resume(ctx, request, uri, lastEventId, onEnd);
        }
        reader.check(request, uri);
        String streamId = StreamRegistry.newStreamId();
        StreamHandle stream = registry.open(request.method().name(), path(uri), ctx.executor().ticker(), streamId);
        SseSubscriber subscriber = new SseSubscriber(ctx, subscribers, stream, onEnd,
                SseResponses.streamHead(request), 0);
        StageJob.start(ctx.executor(), ctx.alloc(), stageEvents, encoder, streamId, stages, jobs, subscriber,
                subscriber::subscribed);
        return subscriber;
    }

    private ActiveStream resume(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            String lastEventId, Runnable onEnd) {
        StagePosition position = StagePosition.parse(lastEventId);
        StageJob job = position == null ? null : jobs.find(position.streamId());
        LogSource elsewhere = job == null && position != null ? jobs.shared().elsewhere(position.streamId()) : null;
        if (job == null && elsewhere == null) {
            noContent(ctx, request, true);
            return null;
        }
        if (job == null) {
            // Run by another node (or by none): follow its shared log, which answers 204 itself when the
            // stream is finished or unknown everywhere.
            StreamHandle stream = registry.open(request.method().name(), path(uri), ctx.executor().ticker(),
                    position.streamId());
            SseSubscriber subscriber = new SseSubscriber(ctx, subscribers, stream, onEnd,
                    SseResponses.streamHead(request), position.seq());
            jobs.resumed();
            subscriber.subscribe(elsewhere, position.seq());
            return subscriber;
        }
        if (position.seq() >= job.finalSeq()) {
            noContent(ctx, request, false);
            return null;
        }
        StreamHandle stream = registry.open(request.method().name(), path(uri), ctx.executor().ticker(),
                position.streamId());
        SseSubscriber subscriber = new SseSubscriber(ctx, subscribers, stream, onEnd,
                SseResponses.streamHead(request), position.seq());
        jobs.resumed();
        subscriber.subscribe(job::subscribe, position.seq());
        return subscriber;
    }

    /**
     * The request's path for the access log, which every open stream keeps: the constant when it is
     * {@link #PATH} (always, as routed), so that thousands of open streams do not each hold a copy.
     */
    private static String path(QueryStringDecoder uri) {
        String path = uri.path();
        return PATH.equals(path) ? PATH : path;
    }

    /**
     * {@code 204}: nothing more will come (SPEC section 8), so {@code EventSource} stops reconnecting.
     * Answered before a stream is opened: it costs no stream slot and counts as none.
     */
    private static void noContent(ChannelHandlerContext ctx, FullHttpRequest request, boolean expired) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        if (expired) {
            response.headers().set(SseSubscriber.X_SLUICE_STREAM, SseSubscriber.EXPIRED);
        }
        if (!HttpUtil.isKeepAlive(request)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response, ctx.voidPromise());
    }
}
