package dev.sluice.gateway.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The stream head on the wire: the same bytes as the head built field by field, shared or changed. */
class SseResponsesTest {

    @Test
    void theThreeHeadsAreTheBytesTheyAlwaysWere() {
        for (HttpRequest request : new HttpRequest[] {request(HttpVersion.HTTP_1_1, null),
                request(HttpVersion.HTTP_1_1, "close"), request(HttpVersion.HTTP_1_0, null),
                request(HttpVersion.HTTP_1_0, "keep-alive")}) {
            assertEquals(wire(builtFieldByField(request)), wire(SseResponses.streamHead(request)), request.toString());
        }
        assertEquals("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ncache-control: no-cache\r\n"
                + "x-accel-buffering: no\r\ntransfer-encoding: chunked\r\nconnection: keep-alive\r\n\r\n",
                wire(SseResponses.streamHead(request(HttpVersion.HTTP_1_1, null))));
    }

    /** What CORS and the keep-alive handler do to a head on its way out: same bytes as on a head of its own. */
    @Test
    void aChangedHeadIsTheResponsesOwnAndLeavesTheSharedOneAlone() {
        HttpRequest request = request(HttpVersion.HTTP_1_1, null);
        Consumer<HttpResponse> cors = head -> head.headers()
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example")
                .add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        Consumer<HttpResponse> close = head -> HttpUtil.setKeepAlive(head, false);
        for (Consumer<HttpResponse> change : List.of(cors, close, cors.andThen(close))) {
            HttpResponse expected = builtFieldByField(request);
            change.accept(expected);
            HttpResponse changed = SseResponses.streamHead(request);
            change.accept(changed);
            assertEquals(wire(expected), wire(changed));
        }
        HttpResponse untouched = SseResponses.streamHead(request);
        assertEquals(wire(builtFieldByField(request)), wire(untouched));
        assertNotSame(SseResponses.streamHead(request).headers(), untouched.headers(), "one headers object per response");
    }

    private static HttpResponse builtFieldByField(HttpRequest request) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, SseResponses.EVENT_STREAM_UTF8)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(AsciiString.of("x-accel-buffering"), AsciiString.of("no"));
        boolean http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
        if (http11) {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        boolean keepAlive = http11 && HttpUtil.isKeepAlive(request);
        head.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return head;
    }

    private static HttpRequest request(HttpVersion version, String connection) {
        HttpRequest request = new DefaultHttpRequest(version, HttpMethod.GET, "/api/chat/stream?message=x");
        if (connection != null) {
            request.headers().set(HttpHeaderNames.CONNECTION, connection);
        }
        return request;
    }

    private static String wire(HttpResponse head) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseEncoder());
        channel.writeOutbound(head);
        StringBuilder bytes = new StringBuilder();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            bytes.append(out.toString(StandardCharsets.US_ASCII));
            out.release();
        }
        channel.finishAndReleaseAll();
        return bytes.toString();
    }
}
