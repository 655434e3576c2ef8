package dev.sluice.gateway.http;

import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The gateway's routes by exact path. Immutable once built; shared by every connection. */
public final class RouteTable {
    private final Map<String, Route> byPath;

    private RouteTable(Map<String, Route> byPath) {
        this.byPath = Map.copyOf(byPath);
    }

    /** The route for {@code path}, or {@code null} when none matches. */
    public Route find(String path) {
        return byPath.get(path);
    }

    /** The same paths with each route replaced by what {@code change} makes of it (wrapping every handler). */
    public RouteTable map(UnaryOperator<Route> change) {
        Map<String, Route> changed = new HashMap<>();
        byPath.forEach((path, route) -> changed.put(path, change.apply(route)));
        return new RouteTable(changed);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects routes; a path may be routed once. */
    public static final class Builder {
        private final Map<String, Route> byPath = new HashMap<>();

        public Builder add(Route route) {
            if (byPath.putIfAbsent(route.path(), route) != null) {
                throw new IllegalArgumentException("path " + route.path() + " is routed twice");
            }
            return this;
        }

        public RouteTable build() {
            return new RouteTable(byPath);
        }
    }
}
