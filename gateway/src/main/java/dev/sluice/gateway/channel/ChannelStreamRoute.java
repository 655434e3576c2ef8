package dev.sluice.gateway.channel;

import dev.sluice.gateway.http.RouteHandler;
import dev.sluice.gateway.log.SseSubscriber;
import dev.sluice.gateway.log.SubscriberSettings;
import dev.sluice.gateway.resume.LastEventId;
import dev.sluice.gateway.sse.SseResponses;
import dev.sluice.gateway.stream.ActiveStream;
import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.function.Function;

/**
 * {@code GET /api/channels/{channel}/stream} (SPEC section 9): the channel's events after the client's
 * {@code Last-Event-ID} from the replay log (or {@code event: reset} when they are gone), then live.
 * The subscriber is a stream like any other: it counts against {@code --max-streams} and gets
 * heartbeats, the slow-client policy and the duration limit.
 *
 * <p>Also the entry point of a sidecar hold ({@link #follow}), which turns a response already in
 * progress into a subscriber.
 */
public final class ChannelStreamRoute implements RouteHandler {
    private final ChannelHub hub;
    private final StreamRegistry registry;
    private final SubscriberSettings settings;
    private final Function<String, String> channelOfPath;

    public ChannelStreamRoute(ChannelHub hub, StreamRegistry registry, SubscriberSettings settings,
            Function<String, String> channelOfPath) {
        this.hub = hub;
        this.registry = registry;
        this.settings = settings;
        this.channelOfPath = channelOfPath;
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        String channel = ChannelName.require(channelOfPath.apply(uri.path()));
        String lastId = LastEventId.of(request, uri);
        long afterSeq = lastId == null ? -1 : LastEventId.channelSeq(lastId);
        StreamHandle stream = registry.open(request.method().name(), uri.path(), ctx.executor().ticker());
        SseSubscriber subscriber = new SseSubscriber(ctx, settings, stream, onEnd, SseResponses.streamHead(request),
                afterSeq);
        subscriber.subscribe((reader, after) -> hub.subscribe(channel, after, reader), afterSeq);
        return subscriber;
    }

    /**
     * Continues a response in progress on {@code ctx} (its head and maybe some events already written)
     * as a subscriber of {@code channel} from now on: live events only, a {@code "close": true} event
     * ends it cleanly (SPEC section 10). The caller hands {@code stream} over (it must not end it or
     * keep its watch) and gives the router the returned stream to drive.
     *
     * @param stream the response's registry entry, still open
     * @param onEnd the router's end callback, run once when the response ends
     * @throws IllegalArgumentException for a channel name that breaks the rule; check with
     *     {@link ChannelName#isValid} before writing anything
     */
    public ActiveStream follow(ChannelHandlerContext ctx, String channel, StreamHandle stream, Runnable onEnd) {
        if (!ChannelName.isValid(channel)) {
            throw new IllegalArgumentException("not a channel name");
        }
        SseSubscriber subscriber = new SseSubscriber(ctx, settings, stream, onEnd, null, -1);
        subscriber.subscribe((reader, after) -> hub.subscribe(channel, after, reader), -1);
        return subscriber;
    }
}
