package dev.sluice.bench.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

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
    private final byte[] encoded;

    /** Requests for {@code path} on {@code host:port}. */
    public StreamRequests(String host, int port, String path, boolean post, String message) {
        this.post = post;
        this.hostHeader = host + ":" + port;
        this.uri = post ? path : path + (path.contains("?") ? "&" : "?") + "message="
                + URLEncoder.encode(message, StandardCharsets.UTF_8);
        this.body = post ? jsonBody(message) : new byte[0];
        this.encoded = encode();
    }

    private byte[] encode() {
        String head = (post ? "POST " : "GET ") + uri + " HTTP/1.1\r\n"
                + "host: " + hostHeader + "\r\n"
                + "accept: text/event-stream\r\n"
                + (post ? "content-type: application/json\r\n" : "")
                + "content-length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
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

    /** The request's bytes, encoded once: every stream writes the same array (wrapped, never copied). */
    public byte[] bytes() {
        return encoded;
    }
}
