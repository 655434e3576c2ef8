package dev.sluice.gateway.grip;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.gateway.bus.BusMessage;
import dev.sluice.gateway.channel.ChannelHub;
import dev.sluice.gateway.channel.ChannelPublishRoute;
import dev.sluice.gateway.channel.PublishTokens;
import dev.sluice.gateway.http.JsonResponses;
import dev.sluice.gateway.http.PendingAnswer;
import dev.sluice.gateway.http.RejectedRequest;
import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteHandler;
import dev.sluice.gateway.stream.ActiveStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * GRIP's publish endpoint, {@code POST /publish/} (SPEC section 10), so that an app server written for
 * Pushpin or Fanout publishes to Sluice with its GRIP library unchanged: point the library's control URI
 * at Sluice and give it a publish token as its key ({@code GRIP_URL=http://sluice:8080/?key=<token>}).
 *
 * <p>Authorisation is the channel API's ({@link PublishTokens}): {@code Authorization: Bearer <token>},
 * which is what GRIP libraries send for a plain key. JWT ({@code control_iss}) and Basic credentials are
 * refused with {@code 401}/{@code 403} like any other wrong header: accepting them would add a second
 * way in with its own weaknesses for no gain, since every GRIP library can send a bearer key.
 *
 * <p>Each {@code http-stream} item's content is published as raw bytes ({@link BusMessage#raw}): it
 * reaches subscribers exactly as the app framed it, once {@link PreFramedSse} has checked it cannot
 * break the framing around it. A close ({@code "action": "close"} or {@code "close": true}) ends the
 * channel's held streams cleanly after the item's content. Items are published per channel in the
 * order given; the answer ({@code 200 {"published":n,"skipped":m}}) comes once the bus has them all.
 * GRIP's {@code id} and {@code prev-id} are read and not used: Sluice numbers a channel's events itself
 * and delivers in arrival order.
 */
public final class GripPublishRoute implements RouteHandler {
    public static final String PATH = "/publish/";

    private final ChannelHub hub;
    private final PublishTokens tokens;
    private final GripPublishReader reader;
    private final String retryAfterSeconds;

    public GripPublishRoute(ChannelHub hub, PublishTokens tokens, JsonFactory json, long retryAfterSeconds) {
        this.hub = hub;
        this.tokens = tokens;
        this.reader = new GripPublishReader(json);
        this.retryAfterSeconds = Long.toString(retryAfterSeconds);
    }

    /** The route at {@value #PATH} (POST only). */
    public Route route() {
        return new Route(PATH, Set.of(HttpMethod.POST), this);
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        if (!ChannelPublishRoute.admitted(tokens, ctx, request)) {
            return null;
        }
        GripPublishReader.Publish publish = reader.read(request.content());
        int maxBytes = hub.limits().maxEventBytes();
        for (GripItem item : publish.items()) {
            if (item.content().length > maxBytes) {
                throw new RejectedRequest(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "event_too_large",
                        "an http-stream content is larger than " + maxBytes + " bytes");
            }
        }
        List<CompletableFuture<long[]>> published = new ArrayList<>();
        List<GripItem> items = publish.items();
        for (int start = 0; start < items.size(); ) {
            // Consecutive items of one channel go as one publish: one hand-off, one bus write.
            String channel = items.get(start).channel();
            List<BusMessage> messages = new ArrayList<>();
            int end = start;
            while (end < items.size() && items.get(end).channel().equals(channel)) {
                GripItem item = items.get(end++);
                messages.add(BusMessage.raw(item.content(), item.close()));
            }
            published.add(hub.publish(channel, messages).toCompletableFuture());
            start = end;
        }
        PendingAnswer pending = new PendingAnswer(ctx, onEnd);
        int count = items.size();
        int skipped = publish.skipped();
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new))
                .whenComplete((ignored, failure) -> ctx.executor().execute(() -> pending.answer(failure == null
                        ? published(ctx, count, skipped)
                        : ChannelPublishRoute.refused(ctx, failure, retryAfterSeconds))));
        return pending;
    }

    private static FullHttpResponse published(ChannelHandlerContext ctx, int count, int skipped) {
        return JsonResponses.json(ctx.alloc(), HttpResponseStatus.OK, g -> {
            g.writeStartObject();
            g.writeNumberField("published", count);
            g.writeNumberField("skipped", skipped);
            g.writeEndObject();
        });
    }
}
