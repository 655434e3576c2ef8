package dev.sluice.gateway.http;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code OPTIONS *} (RFC 9110 section 9.3.7: a question about the server, not a resource): {@code 204}
 * with {@code Allow} listing every method some route of the table accepts. Other methods on {@code *}
 * get the router's {@code 405}.
 */
final class ServerWideOptions {
    static final String ASTERISK = "*";

    private ServerWideOptions() {
    }

    static Route route(Iterable<Route> routes) {
        Set<String> methods = new TreeSet<>();
        methods.add(HttpMethod.OPTIONS.name());
        for (Route route : routes) {
            route.methods().forEach(m -> methods.add(m.name()));
        }
        String allow = String.join(", ", methods);
        return new Route(ASTERISK, Set.of(HttpMethod.OPTIONS), (ctx, request, uri, onEnd) -> {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            response.headers().set(HttpHeaderNames.ALLOW, allow);
            JsonResponses.send(ctx, response, false);
            return null;
        });
    }
}
