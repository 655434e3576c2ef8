package dev.sluice.gateway.http;

import java.util.HashMap;
import java.util.Map;

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
