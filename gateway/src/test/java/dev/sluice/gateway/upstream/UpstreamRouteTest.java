package dev.sluice.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpstreamRouteTest {

    @Test
    void pathAndUrlMeanGetAndPost() {
        UpstreamRoute route = UpstreamRoute.parse("/api/report/stream=http://127.0.0.1:9000/report");
        assertEquals(Set.of(HttpMethod.GET, HttpMethod.POST), route.methods());
        assertEquals("/api/report/stream", route.path());
        assertEquals("127.0.0.1", route.target().address().getAddress().getHostAddress());
        assertEquals(9000, route.target().address().getPort());
        assertEquals("127.0.0.1:9000", route.target().hostHeader());
        assertEquals("/report", route.target().requestTarget(null));
        assertEquals("/report?q=1", route.target().requestTarget("q=1"));
    }

    @Test
    void aMethodPrefixLimitsTheRouteAndQueriesAreJoined() {
        UpstreamRoute route = UpstreamRoute.parse(" post /build = http://localhost/run?mode=fast ");
        assertEquals(Set.of(HttpMethod.POST), route.methods());
        assertEquals("/build", route.path());
        assertEquals(80, route.target().address().getPort());
        assertEquals("/run?mode=fast&id=4", route.target().requestTarget("id=4"));
        assertEquals("/run?mode=fast", route.target().requestTarget(""));
    }

    @Test
    void aListIsCommaSeparatedAndAPathMayAppearOnce() {
        List<UpstreamRoute> routes = UpstreamRoute.parseAll("/a=http://127.0.0.1:1/x, GET /b=http://127.0.0.1:2,");
        assertEquals(List.of("/a", "/b"), routes.stream().map(UpstreamRoute::path).toList());
        assertEquals("/", routes.get(1).target().requestTarget(null));
        assertEquals(List.of(), UpstreamRoute.parseAll(""));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> UpstreamRoute.parseAll("/a=http://127.0.0.1:1,/a=http://127.0.0.1:2"));
        assertEquals("path /a is routed twice", twice.getMessage());
    }

    @Test
    void badRoutesSayWhatIsWrong() {
        assertTrue(message("/a=https://127.0.0.1/x").contains("TLS upstreams are not supported"));
        assertTrue(message("/a=ftp://127.0.0.1/x").contains("must be an http:// URL"));
        assertTrue(message("a=http://127.0.0.1/x").contains("path must start with /"));
        assertTrue(message("/a").contains("is not [METHOD ]PATH=URL"));
        assertTrue(message("G3T /a=http://127.0.0.1/").contains("is not an HTTP method"));
        assertTrue(message("/a=http://no-such-host.invalid/").contains("does not resolve"));
    }

    private static String message(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> UpstreamRoute.parse(spec)).getMessage();
    }
}
