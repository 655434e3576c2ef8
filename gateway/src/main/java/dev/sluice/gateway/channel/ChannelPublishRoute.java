package dev.sluice.gateway.channel;

import dev.sluice.gateway.bus.BusMessage;
import dev.sluice.gateway.http.JsonResponses;
import dev.sluice.gateway.http.PendingAnswer;
import dev.sluice.gateway.http.RejectedRequest;
import dev.sluice.gateway.http.RouteHandler;
import dev.sluice.gateway.stream.ActiveStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * {@code POST /api/channels/{channel}/events} (SPEC section 9): checks the bearer token, reads the
 * events, publishes them and answers {@code 202} with their ids ({@code {"channel":…,"ids":["41",…]}})
 * once the bus has them; {@code 503} when a limit or the bus refuses.
 *
 * <p>Publishing is asynchronous, so the request holds the connection as an {@link ActiveStream} until
 * its answer is written: a request pipelined behind it is answered after it, in order.
 */
public final class ChannelPublishRoute implements RouteHandler {
    private final ChannelHub hub;
    private final PublishTokens tokens;
    private final PublishRequestReader reader;
    private final Function<String, String> channelOfPath;
    private final String retryAfterSeconds;

    /**
     * @param channelOfPath the {@code {channel}} segment of a request path
     * @param retryAfterSeconds the {@code Retry-After} of a {@code 503}
     */
    public ChannelPublishRoute(ChannelHub hub, PublishTokens tokens, Function<String, String> channelOfPath,
            long retryAfterSeconds) {
        this.hub = hub;
        this.tokens = tokens;
        this.reader = new PublishRequestReader(hub.limits().maxEventBytes());
        this.channelOfPath = channelOfPath;
        this.retryAfterSeconds = Long.toString(retryAfterSeconds);
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        if (!admitted(tokens, ctx, request)) {
            return null;
        }
        String channel = ChannelName.require(channelOfPath.apply(uri.path()));
        List<BusMessage> messages = reader.read(request);
        PendingAnswer pending = new PendingAnswer(ctx, onEnd);
        hub.publish(channel, messages).whenComplete((ids, failure) -> ctx.executor().execute(() -> {
            if (failure == null) {
                pending.answer(accepted(ctx, channel, ids));
            } else {
                pending.answer(refused(ctx, failure, retryAfterSeconds));
            }
        }));
        return pending;
    }

    private static FullHttpResponse accepted(ChannelHandlerContext ctx, String channel, long[] ids) {
        return JsonResponses.json(ctx.alloc(), HttpResponseStatus.ACCEPTED, g -> {
            g.writeStartObject();
            g.writeStringField("channel", channel);
            g.writeArrayFieldStart("ids");
            for (long id : ids) {
                g.writeString(Long.toString(id));
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * Checks a publish request's bearer token ({@link PublishTokens#check}); when it is refused, answers
     * {@code 401} (with {@code WWW-Authenticate: Bearer}) or {@code 403} and returns false. Every publish
     * route (this one and GRIP's {@code /publish/}) admits the same way.
     */
    public static boolean admitted(PublishTokens tokens, ChannelHandlerContext ctx, FullHttpRequest request) {
        try {
            tokens.check(request);
            return true;
        } catch (RejectedRequest rejected) {
            FullHttpResponse response = JsonResponses.errorResponse(ctx.alloc(), rejected.status(), rejected.code(),
                    rejected.getMessage());
            if (rejected.status().equals(HttpResponseStatus.UNAUTHORIZED)) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            }
            JsonResponses.send(ctx, response, false);
            return false;
        }
    }

    /**
     * The {@code 503} of a publish the hub failed ({@link ChannelHub#publish}'s stage, completed
     * exceptionally): a limit's own code for {@link ChannelRefusedException}, else {@code bus_unavailable};
     * with {@code Retry-After}. Shared with GRIP's {@code /publish/}.
     */
    public static FullHttpResponse refused(ChannelHandlerContext ctx, Throwable failure, String retryAfterSeconds) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        FullHttpResponse response;
        if (cause instanceof ChannelRefusedException refused) {
            response = JsonResponses.errorResponse(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                    refused.code(), refused.getMessage());
        } else {
            // BusUnavailableException or anything else the bus failed with: its text stays in the logs.
            response = JsonResponses.errorResponse(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "bus_unavailable", "the event bus is unavailable; publish again later");
        }
        response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
        return response;
    }
}
