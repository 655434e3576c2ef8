package dev.sluice.gateway.upstream;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One sidecar route: requests to {@code path} with one of {@code methods} are relayed to
 * {@code target}. Written {@code [METHOD ]PATH=URL}; without a method the route takes GET (for
 * {@code EventSource}) and POST.
 *
 * @param methods the accepted methods
 * @param path the exact request path the gateway answers
 * @param target where the request is forwarded
 */
public record UpstreamRoute(Set<HttpMethod> methods, String path, UpstreamTarget target) {
    public UpstreamRoute {
        methods = Set.copyOf(methods);
    }

    /** Parses one {@code [METHOD ]PATH=URL}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static UpstreamRoute parse(String spec) {
        String text = spec.trim();
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("route '" + text + "' is not [METHOD ]PATH=URL");
        }
        String left = text.substring(0, eq).trim();
        String url = text.substring(eq + 1).trim();
        Set<HttpMethod> methods;
        String path;
        int space = left.indexOf(' ');
        if (space < 0) {
            methods = Set.of(HttpMethod.GET, HttpMethod.POST);
            path = left;
        } else {
            String method = left.substring(0, space).toUpperCase(Locale.ROOT);
            if (!method.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                throw new IllegalArgumentException("route '" + text + "': '" + method + "' is not an HTTP method");
            }
            methods = Set.of(HttpMethod.valueOf(method));
            path = left.substring(space + 1).trim();
        }
        if (!path.startsWith("/") || path.contains("?") || path.contains(" ")) {
            throw new IllegalArgumentException("route '" + text + "': path must start with / and have no query");
        }
        return new UpstreamRoute(methods, path, UpstreamTarget.parse(url));
    }

    /** Parses a comma-separated list of routes (the form of the {@code routes} option); empty gives none. */
    public static List<UpstreamRoute> parseAll(String specs) {
        List<UpstreamRoute> routes = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (String spec : specs.split(",")) {
            if (spec.isBlank()) {
                continue;
            }
            UpstreamRoute route = parse(spec);
            if (!paths.add(route.path())) {
                throw new IllegalArgumentException("path " + route.path() + " is routed twice");
            }
            routes.add(route);
        }
        return List.copyOf(routes);
    }
}
