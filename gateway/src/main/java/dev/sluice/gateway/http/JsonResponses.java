package dev.sluice.gateway.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes the short JSON answers of SPEC section 2: {@code {"error": code, "message": text}} for
 * errors, small documents for health checks.
 */
public final class JsonResponses {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonResponses() {
    }

    /**
     * Sends an error answer. With {@code close} the connection is closed once it is written: the
     * request was malformed or only partly read, so nothing after it on the wire can be trusted.
     */
    public static void sendError(ChannelHandlerContext ctx, HttpResponseStatus status, String code, String message,
            boolean close) {
        FullHttpResponse response = errorResponse(ctx.alloc(), status, code, message);
        send(ctx, response, close);
    }

    /** Builds an error answer without sending it, for callers that add headers first. */
    public static FullHttpResponse errorResponse(ByteBufAllocator alloc, HttpResponseStatus status, String code,
            String message) {
        return json(alloc, status, generator -> {
            generator.writeStartObject();
            generator.writeStringField("error", code);
            generator.writeStringField("message", message);
            generator.writeEndObject();
        });
    }

    /**
     * The {@code 408} of a request that did not arrive whole within {@code timeoutMs}: one answer, with
     * one text, whether the request came on an HTTP/1 connection or an HTTP/2 stream.
     */
    public static FullHttpResponse requestTimeout(ByteBufAllocator alloc, long timeoutMs) {
        return errorResponse(alloc, HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout",
                "the request was not received within " + timeoutMs + " ms");
    }

    /** Builds a JSON answer whose body the writer produces. */
    public static FullHttpResponse json(ByteBufAllocator alloc, HttpResponseStatus status, BodyWriter writer) {
        ByteBuf body = alloc.buffer(128);
        try (JsonGenerator generator = JSON.createGenerator((OutputStream) new ByteBufOutputStream(body), JsonEncoding.UTF8)) {
            writer.write(generator);
        } catch (IOException | RuntimeException e) {
            body.release();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
        body.writeByte('\n');
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    /** Writes a complete response; with {@code close} the connection closes after it. */
    public static void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean close) {
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response, ctx.voidPromise());
        }
    }

    /** Writes a JSON body with a jackson generator. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(JsonGenerator generator) throws IOException;
    }
}
