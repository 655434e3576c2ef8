package dev.sluice.gateway.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The gateway's routes: by exact path, or by a pattern with one {@code {name}} segment
 * ({@code /api/channels/{channel}/events}). Exact paths win; patterns are tried in the order added.
 * Immutable once built; shared by every connection.
 */
public final class RouteTable {
    private final Map<String, Route> byPath;
    private final List<Pattern> patterns;

    private RouteTable(Map<String, Route> byPath, List<Pattern> patterns) {
        this.byPath = Map.copyOf(byPath);
        this.patterns = List.copyOf(patterns);
    }

    /** The route for {@code path}, or {@code null} when none matches. */
    public Route find(String path) {
        Route route = byPath.get(path);
        if (route != null) {
            return route;
        }
        for (Pattern pattern : patterns) {
            if (pattern.segment(path) != null) {
                return pattern.route;
            }
        }
        return null;
    }

    /**
     * The {@code {name}} segment of {@code path} under {@code pattern} (a path with one {@code {…}}
     * segment), or {@code null} when it does not match; what a pattern route's handler calls on its
     * request's path.
     */
    public static String segment(String pattern, String path) {
        return Pattern.of(pattern, null).segment(path);
    }

    /** The same paths with each route replaced by what {@code change} makes of it (wrapping every handler). */
    public RouteTable map(UnaryOperator<Route> change) {
        Map<String, Route> changed = new HashMap<>();
        byPath.forEach((path, route) -> changed.put(path, change.apply(route)));
        List<Pattern> changedPatterns = new ArrayList<>();
        patterns.forEach(p -> changedPatterns.add(new Pattern(p.prefix, p.suffix, change.apply(p.route))));
        return new RouteTable(changed, changedPatterns);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A path with one variable segment: what comes before and after it. */
    private record Pattern(String prefix, String suffix, Route route) {
        static Pattern of(String path, Route route) {
            int open = path.indexOf('{');
            int close = path.indexOf('}', open);
            if (open < 0 || close < 0 || path.indexOf('{', close) >= 0) {
                throw new IllegalArgumentException("pattern " + path + " needs exactly one {name} segment");
            }
            return new Pattern(path.substring(0, open), path.substring(close + 1), route);
        }

        String segment(String path) {
            int end = path.length() - suffix.length();
            if (end <= prefix.length() || !path.startsWith(prefix) || !path.endsWith(suffix)) {
                return null;
            }
            return path.substring(prefix.length(), end);
        }
    }

    /** Collects routes; a path may be routed once. */
    public static final class Builder {
        private final Map<String, Route> byPath = new HashMap<>();
        private final List<Pattern> patterns = new ArrayList<>();

        public Builder add(Route route) {
            if (route.path().indexOf('{') >= 0) {
                if (patterns.stream().anyMatch(p -> p.route.path().equals(route.path()))) {
                    throw new IllegalArgumentException("path " + route.path() + " is routed twice");
                }
                patterns.add(Pattern.of(route.path(), route));
                return this;
            }
            if (byPath.putIfAbsent(route.path(), route) != null) {
                throw new IllegalArgumentException("path " + route.path() + " is routed twice");
            }
            return this;
        }

        /** The table, with {@code OPTIONS *} answered ({@link ServerWideOptions}) unless a route took {@code *}. */
        public RouteTable build() {
            List<Route> every = new ArrayList<>(byPath.values());
            patterns.forEach(p -> every.add(p.route));
            Map<String, Route> all = new HashMap<>(byPath);
            all.putIfAbsent(ServerWideOptions.ASTERISK, ServerWideOptions.route(every));
            return new RouteTable(all, patterns);
        }
    }
}
