package dev.sluice.gateway.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;

/**
 * Adds {@code access-control-allow-origin} (the origin itself) and {@code vary: origin} to the head of
 * a response whose request came from an allowed cross-origin page. {@link CrossOriginCheck} decides,
 * on the request path, and leaves the origin on the channel; this handler applies it to whatever
 * head the route writes (a JSON answer, an event stream, a relayed stream) and forgets it at the
 * response's end, so a later request on the same connection starts clean.
 *
 * <p>Stateless and shared: the per-request state is the channel attribute, which a connection only
 * allocates once a cross-origin request arrives.
 */
@Sharable
public final class CorsResponseHeaders extends ChannelOutboundHandlerAdapter {
    public static final CorsResponseHeaders INSTANCE = new CorsResponseHeaders();

    /** The allowed origin of the request being answered, or {@code null}. */
    static final AttributeKey<String> ALLOWED_ORIGIN = AttributeKey.valueOf(CorsResponseHeaders.class,
            "allowedOrigin");

    private CorsResponseHeaders() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse || msg instanceof LastHttpContent) {
            applyTo(ctx, msg);
        }
        ctx.write(msg, promise);
    }

    /**
     * Forgets the allowed origin of the response that has just ended, as this handler does when it sees
     * the last content; for a connection that left this handler out while it streamed.
     */
    public static void responseEnded(Channel channel) {
        if (channel.hasAttr(ALLOWED_ORIGIN)) {
            channel.attr(ALLOWED_ORIGIN).set(null);
        }
    }

    private static void applyTo(ChannelHandlerContext ctx, Object msg) {
        if (!ctx.channel().hasAttr(ALLOWED_ORIGIN)) {
            return;
        }
        String origin = ctx.channel().attr(ALLOWED_ORIGIN).get();
        if (origin == null) {
            return;
        }
        if (msg instanceof HttpResponse response) {
            response.headers()
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
        if (msg instanceof LastHttpContent) {
            ctx.channel().attr(ALLOWED_ORIGIN).set(null);
        }
    }
}
