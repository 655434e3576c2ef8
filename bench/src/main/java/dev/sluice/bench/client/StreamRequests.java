package dev.sluice.bench.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds the request that opens a stream: POST with {@code {"message": ...}} or GET with {@code ?message=}. */
public final class StreamRequests {

    private final boolean post;
    private final String uri;
    private final String hostHeader;
    private final byte[] body;

    /** Requests for {@code path} on {@code host:port}. */
    public StreamRequests(String host, int port, String path, boolean post, String message) {
        this.post = post;
        this.hostHeader = host + ":" + port;
        this.uri = post ? path : path + (path.contains("?") ? "&" : "?") + "message="
                + URLEncoder.encode(message, StandardCharsets.UTF_8);
        this.body = post ? jsonBody(message) : new byte[0];
    }

    private static byte[] jsonBody(String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("message", message);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A fresh request (each is written once, and writing releases its body). */
    public FullHttpRequest next() {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                post ? HttpMethod.POST : HttpMethod.GET, uri, Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, hostHeader);
        request.headers().set(HttpHeaderNames.ACCEPT, "text/event-stream");
        if (post) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return request;
    }
}
