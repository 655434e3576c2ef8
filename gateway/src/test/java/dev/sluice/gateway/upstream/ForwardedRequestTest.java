package dev.sluice.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedRequestTest {
    private final UpstreamTarget target = UpstreamTarget.parse("http://127.0.0.1:9000/report");

    @Test
    void copiesTheAllowedHeadersAndTheBodyAndAddsForwardingHeaders() {
        FullHttpRequest client = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/api/report/stream?week=3", Unpooled.copiedBuffer("{\"q\":1}", StandardCharsets.UTF_8));
        client.headers()
                .set("content-type", "application/json")
                .set("authorization", "Bearer t")
                .set("cookie", "a=1")
                .set("user-agent", "curl/8")
                .set("accept-language", "fr")
                .set("last-event-id", "41")
                .set("x-forwarded-for", "203.0.113.9")
                .set("connection", "keep-alive, x-secret")
                .set("keep-alive", "timeout=5")
                .set("transfer-encoding", "chunked")
                .set("upgrade", "websocket")
                .set("proxy-authorization", "Basic x")
                .set("x-secret", "hop");
        FullHttpRequest forwarded = ForwardedRequest.build(client, "week=3", target, "s-42",
                new InetSocketAddress("127.0.0.5", 51000));
        try {
            HttpHeaders h = forwarded.headers();
            assertEquals(HttpMethod.POST, forwarded.method());
            assertEquals("/report?week=3", forwarded.uri());
            assertEquals("{\"q\":1}", forwarded.content().toString(StandardCharsets.UTF_8));
            assertEquals("127.0.0.1:9000", h.get("host"));
            assertEquals("application/json", h.get("content-type"));
            assertEquals("Bearer t", h.get("authorization"));
            assertEquals("a=1", h.get("cookie"));
            assertEquals("curl/8", h.get("user-agent"));
            assertEquals("fr", h.get("accept-language"));
            assertEquals("41", h.get("last-event-id"));
            assertEquals(ForwardedRequest.DEFAULT_ACCEPT, h.get("accept"));
            assertEquals("203.0.113.9, 127.0.0.5", h.get("x-forwarded-for"));
            assertEquals("http", h.get("x-forwarded-proto"));
            assertEquals("s-42", h.get("x-request-id"));
            assertEquals("7", h.get("content-length"));
            for (String hop : new String[] {"connection", "keep-alive", "transfer-encoding", "upgrade",
                    "proxy-authorization", "x-secret"}) {
                assertFalse(h.contains(hop), hop);
            }
        } finally {
            forwarded.release();
            client.release();
        }
    }

    @Test
    void repeatedAllowedHeadersKeepEveryValueInOrderWhateverTheirCase() {
        FullHttpRequest client = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x");
        client.headers()
                .add("Cookie", "a=1")
                .add("X-Other", "dropped")
                .add("COOKIE", "b=2")
                .add("Accept", "application/x-ndjson")
                .add("cookie", "c=3");
        FullHttpRequest forwarded = ForwardedRequest.build(client, null, target, "s-1",
                new InetSocketAddress("127.0.0.1", 1));
        try {
            assertEquals(List.of("a=1", "b=2", "c=3"), forwarded.headers().getAll("cookie"));
            assertEquals(List.of("application/x-ndjson"), forwarded.headers().getAll("accept"));
            assertFalse(forwarded.headers().contains("x-other"));
        } finally {
            forwarded.release();
            client.release();
        }
    }

    @Test
    void aValueWithALineBreakIsStillRefusedAndTheSharedBodyReleased() {
        // An HTTP/1.1 decoder never lets one through; a value from elsewhere (an HTTP/2 client's headers,
        // converted) must not smuggle a header into the upstream request.
        FullHttpRequest client = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/x",
                Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8), false);
        client.headers().set("cookie", "a=1\r\nx-injected: 1");
        try {
            assertThrows(IllegalArgumentException.class, () -> ForwardedRequest.build(client, null, target, "s-1",
                    new InetSocketAddress("127.0.0.1", 1)));
            assertEquals(1, client.content().refCnt(), "the body's duplicate went back with the refused request");
        } finally {
            client.release();
        }
    }

    @Test
    void aBodilessGetCarriesNoContentLength() {
        FullHttpRequest client = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x");
        client.headers().set("accept", "text/event-stream");
        FullHttpRequest forwarded = ForwardedRequest.build(client, null, target, "s-1",
                new InetSocketAddress("127.0.0.1", 1));
        try {
            assertEquals("/report", forwarded.uri());
            assertNull(forwarded.headers().get("content-length"));
            assertEquals("text/event-stream", forwarded.headers().get("accept"));
            assertEquals("127.0.0.1", forwarded.headers().get("x-forwarded-for"));
        } finally {
            forwarded.release();
            client.release();
        }
    }
}
