package dev.sluice.gateway.edge;

import dev.sluice.gateway.http.JsonResponses;
import dev.sluice.gateway.http.RejectedRequest;
import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteHandler;
import dev.sluice.gateway.stream.ActiveStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * The CORS check in front of one route (SPEC section 11). It runs where the router dispatches, so
 * answers stay in request order even when requests are pipelined:
 *
 * <ul>
 *   <li>no {@code Origin}: the route answers as it always did ({@code OPTIONS} gets {@code 204} with
 *       {@code Allow});</li>
 *   <li>an origin the {@link CorsPolicy} refuses: {@code 403} JSON, and the route is never called, so
 *       no stream starts and no upstream is contacted;</li>
 *   <li>a preflight ({@code OPTIONS}) from an allowed origin: {@code 204} with the route's methods,
 *       the request headers a browser app sends ({@code content-type} for a JSON POST,
 *       {@code last-event-id} for a resuming {@code EventSource}, {@code authorization}) and a
 *       max-age, so the browser asks once per {@value #MAX_AGE_SECONDS} s, not before every stream;</li>
 *   <li>any other request from an allowed origin: the route answers, and {@link CorsResponseHeaders}
 *       adds {@code access-control-allow-origin} and {@code vary: origin} to its head.</li>
 * </ul>
 */
final class CrossOriginCheck implements RouteHandler {
    static final long MAX_AGE_SECONDS = 600;
    private static final String ALLOWED_HEADERS = "content-type, last-event-id, authorization";

    private final Route route;
    private final CorsPolicy policy;

    CrossOriginCheck(Route route, CorsPolicy policy) {
        this.route = route;
        this.policy = policy;
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        boolean allowed = origin != null && policy.allows(origin, request.headers().get(HttpHeaderNames.HOST));
        if (origin != null && !allowed) {
            throw new RejectedRequest(HttpResponseStatus.FORBIDDEN, "origin_not_allowed",
                    "requests from this origin are not allowed (the gateway's --cors-origins lists those that are)");
        }
        if (allowed || ctx.channel().hasAttr(CorsResponseHeaders.ALLOWED_ORIGIN)) {
            ctx.channel().attr(CorsResponseHeaders.ALLOWED_ORIGIN).set(allowed ? origin : null);
        }
        if (request.method().equals(HttpMethod.OPTIONS) && !route.methods().contains(HttpMethod.OPTIONS)) {
            answerOptions(ctx, request, allowed);
            return null;
        }
        return route.handler().handle(ctx, request, uri, onEnd);
    }

    private void answerOptions(ChannelHandlerContext ctx, FullHttpRequest request, boolean allowed) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT,
                ctx.alloc().buffer(0));
        response.headers().set(HttpHeaderNames.ALLOW, CrossOriginRoutes.withOptions(route).allowHeader());
        if (allowed && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            response.headers()
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, route.allowHeader())
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
        }
        JsonResponses.send(ctx, response, false);
    }
}
