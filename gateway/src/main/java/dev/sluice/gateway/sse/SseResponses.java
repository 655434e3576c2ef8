package dev.sluice.gateway.sse;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/** The response head every event stream starts with (SPEC section 2). */
public final class SseResponses {
    public static final AsciiString EVENT_STREAM_UTF8 = AsciiString.cached("text/event-stream; charset=utf-8");
    private static final AsciiString X_ACCEL_BUFFERING = AsciiString.cached("x-accel-buffering");
    private static final AsciiString NO = AsciiString.cached("no");

    private SseResponses() {
    }

    /**
     * Builds the head for a stream answering {@code request}. HTTP/1.1 streams are chunked and keep
     * the connection when the client does; an HTTP/1.0 client cannot read chunks, so its stream is
     * delimited by closing the connection. {@code x-accel-buffering: no} tells nginx not to buffer.
     */
    public static HttpResponse streamHead(HttpRequest request) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM_UTF8)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(X_ACCEL_BUFFERING, NO);
        boolean http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
        if (http11) {
            HttpUtil.setTransferEncodingChunked(head, true);
        }
        boolean keepAlive = http11 && HttpUtil.isKeepAlive(request);
        head.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        return head;
    }
}
