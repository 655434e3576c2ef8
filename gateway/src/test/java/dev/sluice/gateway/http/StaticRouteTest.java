package dev.sluice.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The built-in pages served from memory through the router, as a browser would ask for them. */
class StaticRouteTest {
    private final StaticResources pages = StaticResources.webPages();
    private final EmbeddedChannel channel = new EmbeddedChannel(new RequestRouter(routes(pages)));

    private static RouteTable routes(StaticResources pages) {
        RouteTable.Builder builder = RouteTable.builder();
        StaticRoute.routes(pages).forEach(builder::add);
        return builder.build();
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private FullHttpResponse ask(HttpMethod method, String uri, Map<String, String> headers) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        headers.forEach((name, value) -> request.headers().set(name, value));
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertNotNull(response, "no response to " + method + " " + uri);
        return response;
    }

    private String body(HttpMethod method, String uri) {
        FullHttpResponse response = ask(method, uri, Map.of());
        try {
            assertEquals(HttpResponseStatus.OK, response.status(), uri);
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    @Test
    void pagesAndAssetsAreServedAtTheirPathsWithTheirTypes() {
        Map<String, String> expected = Map.of(
                "/", "text/html; charset=utf-8",
                "/status", "text/html; charset=utf-8",
                "/app.css", "text/css; charset=utf-8",
                "/app.js", "text/javascript; charset=utf-8",
                "/status.js", "text/javascript; charset=utf-8");
        expected.forEach((path, type) -> {
            FullHttpResponse response = ask(HttpMethod.GET, path, Map.of());
            try {
                assertEquals(HttpResponseStatus.OK, response.status(), path);
                assertEquals(type, response.headers().get(HttpHeaderNames.CONTENT_TYPE), path);
                assertEquals("no-cache", response.headers().get(HttpHeaderNames.CACHE_CONTROL), path);
                assertEquals("nosniff", response.headers().get("x-content-type-options"), path);
                assertEquals(response.content().readableBytes(),
                        response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH), path);
                assertTrue(response.content().readableBytes() > 100, path + " is suspiciously small");
            } finally {
                response.release();
            }
        });
        assertTrue(body(HttpMethod.GET, "/").contains("id=\"send\""));
        assertTrue(body(HttpMethod.GET, "/status").contains("id=\"streams-per-second\""));
    }

    @Test
    void everyResponseSendsTheWholeFileAgain() {
        String first = body(HttpMethod.GET, "/app.js");
        String second = body(HttpMethod.GET, "/app.js");
        assertEquals(first, second, "the shared buffer must not be consumed by the first response");
        assertTrue(first.contains("new EventSource("));
    }

    @Test
    void headSendsTheHeadersWithoutTheBody() {
        FullHttpResponse get = ask(HttpMethod.GET, "/app.css", Map.of());
        FullHttpResponse head = ask(HttpMethod.HEAD, "/app.css", Map.of());
        try {
            assertEquals(HttpResponseStatus.OK, head.status());
            assertEquals(0, head.content().readableBytes());
            assertEquals(get.headers().get(HttpHeaderNames.CONTENT_LENGTH), head.headers().get(HttpHeaderNames.CONTENT_LENGTH));
            assertEquals(get.headers().get(HttpHeaderNames.ETAG), head.headers().get(HttpHeaderNames.ETAG));
        } finally {
            get.release();
            head.release();
        }
    }

    @Test
    void aMatchingEtagGetsNotModifiedWithoutABody() {
        FullHttpResponse first = ask(HttpMethod.GET, "/", Map.of());
        String etag = first.headers().get(HttpHeaderNames.ETAG);
        int length = first.content().readableBytes();
        first.release();
        assertTrue(etag.matches("\"[0-9a-f]{24}\""), etag);

        for (String ifNoneMatch : List.of(etag, "\"other\", W/" + etag, "*")) {
            FullHttpResponse again = ask(HttpMethod.GET, "/", Map.of("If-None-Match", ifNoneMatch));
            try {
                assertEquals(HttpResponseStatus.NOT_MODIFIED, again.status(), ifNoneMatch);
                assertEquals(0, again.content().readableBytes());
                assertEquals(etag, again.headers().get(HttpHeaderNames.ETAG));
                assertEquals(length, again.headers().getInt(HttpHeaderNames.CONTENT_LENGTH));
            } finally {
                again.release();
            }
        }
        FullHttpResponse changed = ask(HttpMethod.GET, "/", Map.of("If-None-Match", "\"stale\""));
        try {
            assertEquals(HttpResponseStatus.OK, changed.status());
            assertEquals(length, changed.content().readableBytes());
        } finally {
            changed.release();
        }
    }

    @Test
    void otherMethodsAreRefusedWithAllow() {
        FullHttpResponse response = ask(HttpMethod.POST, "/", Map.of());
        try {
            assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, response.status());
            assertEquals("GET, HEAD", response.headers().get(HttpHeaderNames.ALLOW));
        } finally {
            response.release();
        }
    }

    @Test
    void filesMapToPaths() {
        assertEquals("/", StaticRoute.path("index.html"));
        assertEquals("/status", StaticRoute.path("status.html"));
        assertEquals("/app.js", StaticRoute.path("app.js"));
    }

    /**
     * Behind a proxy that adds a path prefix, an absolute URL ("/api/...") would miss the prefix and
     * hit the proxy's root. Every URL the pages use must therefore be relative.
     */
    @Test
    void pagesUseRelativeUrlsOnly() {
        Pattern urls = Pattern.compile("(?:href|src)=\"([^\"]*)\"|(?:EventSource|fetch)\\(\\s*'([^']*)'"
                + "|_URL = '([^']*)'");
        for (StaticResources.Resource resource : pages.all()) {
            String text = resource.body().duplicate().toString(StandardCharsets.UTF_8);
            Matcher m = urls.matcher(text);
            List<String> found = new java.util.ArrayList<>();
            while (m.find()) {
                String url = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                found.add(url);
                assertFalse(url.startsWith("/") || url.contains("://"),
                        resource.name() + " uses a non-relative URL: " + url);
            }
            if (resource.name().endsWith(".html")) {
                assertFalse(found.isEmpty(), resource.name() + ": the URL pattern matched nothing, so it checks nothing");
            }
        }
        String urlsInScripts = pages.all().stream()
                .filter(r -> r.name().endsWith(".js"))
                .map(r -> r.body().duplicate().toString(StandardCharsets.UTF_8))
                .collect(Collectors.joining());
        assertTrue(urlsInScripts.contains("'api/chat/stream'") && urlsInScripts.contains("'api/status/stream'"));
    }

    @Test
    void aMissingResourceFailsTheStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StaticResources.load(
                getClass().getClassLoader(), StaticResources.WEB_DIR, List.of("index.html", "nope.html")));
        assertTrue(e.getMessage().contains("web/nope.html"), e.getMessage());
        assertNull(pages.get("nope.html"));
    }
}
