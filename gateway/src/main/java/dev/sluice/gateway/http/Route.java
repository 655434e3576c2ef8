package dev.sluice.gateway.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One path the gateway answers, the methods it accepts there, and who answers.
 *
 * @param path exact request path, without query
 * @param methods accepted methods; any other gets 405 with {@code Allow}
 * @param handler the handler for accepted requests
 */
public record Route(String path, Set<HttpMethod> methods, RouteHandler handler) {
    public Route {
        methods = Set.copyOf(methods);
    }

    /** The {@code Allow} header value for this route, in a stable order. */
    public String allowHeader() {
        return methods.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
    }
}
