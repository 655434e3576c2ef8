package dev.sluice.gateway.sse;

import dev.sluice.gateway.http.CopyOnWriteHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/** The response head every event stream starts with (SPEC section 2). */
public final class SseResponses {
    public static final AsciiString EVENT_STREAM_UTF8 = AsciiString.cached("text/event-stream; charset=utf-8");
    private static final AsciiString X_ACCEL_BUFFERING = AsciiString.cached("x-accel-buffering");
    private static final AsciiString NO = AsciiString.cached("no");

    /** The three heads there are, built once and shared; a response that changes its head copies it. */
    private static final ReadOnlyHttpHeaders CHUNKED_KEEP_ALIVE = head(true, HttpHeaderValues.KEEP_ALIVE);
    private static final ReadOnlyHttpHeaders CHUNKED_CLOSE = head(true, HttpHeaderValues.CLOSE);
    private static final ReadOnlyHttpHeaders UNTIL_CLOSE = head(false, HttpHeaderValues.CLOSE);

    private SseResponses() {
    }

    /**
     * Builds the head for a stream answering {@code request}. HTTP/1.1 streams are chunked and keep
     * the connection when the client does; an HTTP/1.0 client cannot read chunks, so its stream is
     * delimited by closing the connection. {@code x-accel-buffering: no} tells nginx not to buffer.
     * The headers are one of three shared sets ({@link CopyOnWriteHttpHeaders}), so a head costs two
     * small objects instead of a header table per stream.
     */
    public static HttpResponse streamHead(HttpRequest request) {
        boolean http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
        ReadOnlyHttpHeaders headers = !http11 ? UNTIL_CLOSE
                : HttpUtil.isKeepAlive(request) ? CHUNKED_KEEP_ALIVE : CHUNKED_CLOSE;
        return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, new CopyOnWriteHttpHeaders(headers));
    }

    /** In the order the head has always had on the wire. */
    private static ReadOnlyHttpHeaders head(boolean chunked, AsciiString connection) {
        List<CharSequence> pairs = new ArrayList<>(List.of(
                HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM_UTF8,
                HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE,
                X_ACCEL_BUFFERING, NO));
        if (chunked) {
            pairs.add(HttpHeaderNames.TRANSFER_ENCODING);
            pairs.add(HttpHeaderValues.CHUNKED);
        }
        pairs.add(HttpHeaderNames.CONNECTION);
        pairs.add(connection);
        return new ReadOnlyHttpHeaders(true, pairs.toArray(new CharSequence[0]));
    }
}
