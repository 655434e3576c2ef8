package dev.sluice.gateway.edge;

import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteTable;
import io.netty.handler.codec.http.HttpMethod;
import java.util.HashSet;
import java.util.Set;

/**
 * Puts a {@link CrossOriginCheck} in front of every route of a table, so the CORS rules hold for
 * every path the gateway serves (streams, channels, publishing, pages, health) without each route
 * knowing about them. Every route also answers {@code OPTIONS}, which is how browsers ask first.
 */
public final class CrossOriginRoutes {
    private CrossOriginRoutes() {
    }

    public static RouteTable apply(RouteTable routes, CorsPolicy policy) {
        return routes.map(route -> new Route(route.path(), withOptions(route).methods(),
                new CrossOriginCheck(route, policy)));
    }

    static Route withOptions(Route route) {
        Set<HttpMethod> methods = new HashSet<>(route.methods());
        methods.add(HttpMethod.OPTIONS);
        return new Route(route.path(), methods, route.handler());
    }
}
