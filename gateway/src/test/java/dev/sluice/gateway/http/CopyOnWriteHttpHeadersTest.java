package dev.sluice.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CopyOnWriteHttpHeadersTest {
    private final ReadOnlyHttpHeaders shared = new ReadOnlyHttpHeaders(true,
            HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN,
            HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);

    @Test
    void readsSeeTheSharedSetWithoutCopyingIt() {
        CopyOnWriteHttpHeaders headers = new CopyOnWriteHttpHeaders(shared);
        assertEquals("text/plain", headers.get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals("keep-alive", headers.get("Connection"));
        assertTrue(headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE, true));
        assertEquals(2, headers.size());
        assertNull(headers.get(HttpHeaderNames.VARY));
        assertFalse(headers.copied());
    }

    @Test
    void theFirstChangeCopiesInOrderAndTheSharedSetNeverChanges() {
        CopyOnWriteHttpHeaders first = new CopyOnWriteHttpHeaders(shared);
        CopyOnWriteHttpHeaders second = new CopyOnWriteHttpHeaders(shared);
        first.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN).remove(HttpHeaderNames.CONTENT_TYPE);
        assertTrue(first.copied());
        assertEquals(List.of(Map.entry("connection", "keep-alive"), Map.entry("vary", "origin")),
                first.entries().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());

        assertEquals(2, shared.size());
        assertEquals("text/plain", second.get(HttpHeaderNames.CONTENT_TYPE));
        assertNull(second.get(HttpHeaderNames.VARY));
        assertFalse(second.copied());

        HttpUtil.setKeepAlive(second, HttpVersion.HTTP_1_1, false);
        assertEquals("close", second.get(HttpHeaderNames.CONNECTION));
        assertEquals("keep-alive", shared.get(HttpHeaderNames.CONNECTION));
    }

    /** What HTTP/2's head conversion and the keep-alive checks do; ReadOnlyHttpHeaders' own value iterators never end. */
    @Test
    void valueIterationEnds() {
        CopyOnWriteHttpHeaders headers = new CopyOnWriteHttpHeaders(new ReadOnlyHttpHeaders(true,
                HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN, HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE,
                HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            List<String> values = new ArrayList<>();
            headers.valueCharSequenceIterator(HttpHeaderNames.VARY).forEachRemaining(v -> values.add(v.toString()));
            headers.valueStringIterator("vary").forEachRemaining(values::add);
            assertEquals(List.of("origin", "accept", "origin", "accept"), values);
            assertFalse(headers.valueStringIterator(HttpHeaderNames.CONTENT_TYPE).hasNext());
            assertFalse(headers.contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true));
            assertTrue(headers.contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE, true));
            assertFalse(headers.containsValue(HttpHeaderNames.VARY, "x", true));
            assertTrue(HttpUtil.isKeepAlive(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers)));
        });
    }

    @Test
    void addingOrSettingItselfIsHandledAsNettyDoes() {
        CopyOnWriteHttpHeaders headers = new CopyOnWriteHttpHeaders(shared);
        assertThrows(IllegalArgumentException.class, () -> headers.add(headers));
        headers.set(headers).setAll(headers);
        assertEquals(2, headers.size());
        assertFalse(headers.copied());
    }
}
