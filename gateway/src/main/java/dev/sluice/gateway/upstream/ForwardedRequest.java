package dev.sluice.gateway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds the request the gateway sends upstream for a client's request.
 *
 * <p>Headers are copied from an allow-list rather than filtered from a deny-list: the client's
 * hop-by-hop headers ({@code connection}, {@code keep-alive}, {@code transfer-encoding}, {@code te},
 * {@code upgrade}, {@code proxy-*}) and anything else not listed never reach the upstream, and the
 * upstream connection's framing is always the gateway's own (HTTP/1.1, keep-alive, content-length).
 * The gateway adds {@code x-forwarded-for} (appended to the client's), {@code x-forwarded-proto} and
 * {@code x-request-id} (the stream id, which also appears in every event, so logs on both sides join), and
 * {@code grip-sig} when publish tokens are configured ({@link GripSignature}).
 */
final class ForwardedRequest {
    /** Headers an app server needs to answer as it would answer the client directly. */
    static final List<AsciiString> COPIED = List.of(
            HttpHeaderNames.CONTENT_TYPE,
            HttpHeaderNames.ACCEPT,
            HttpHeaderNames.AUTHORIZATION,
            HttpHeaderNames.COOKIE,
            HttpHeaderNames.USER_AGENT,
            HttpHeaderNames.ACCEPT_LANGUAGE,
            AsciiString.cached("last-event-id"));
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    /** What the relay can turn into events, for clients that send no {@code accept} of their own. */
    static final String DEFAULT_ACCEPT = "text/event-stream, application/x-ndjson, application/json";

    /**
     * Header names are this class's constants, so only values are validated (a value from an HTTP/2 client
     * must still never carry a CR or LF into the upstream's HTTP/1.1 request).
     */
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
            .withNameValidation(false);
    private static final HttpHeadersFactory TRAILERS = DefaultHttpHeadersFactory.trailersFactory()
            .withNameValidation(false);

    private ForwardedRequest() {
    }

    /** The allowed name {@code name} is, or {@code null}. */
    private static AsciiString copied(CharSequence name) {
        for (int i = 0; i < COPIED.size(); i++) {
            AsciiString allowed = COPIED.get(i);
            if (allowed.contentEqualsIgnoreCase(name)) {
                return allowed;
            }
        }
        return null;
    }

    /**
     * @param client the client's request; its body is shared (retained), not copied
     * @param clientQuery the raw query of the client's request target, or {@code null}
     * @param clientAddress the client's socket address
     * @return a request the caller owns and must write or release
     */
    static FullHttpRequest build(FullHttpRequest client, String clientQuery, UpstreamTarget target, String streamId,
            SocketAddress clientAddress) {
        return build(client, clientQuery, target, streamId, clientAddress, null);
    }

    /** @param gripSig the {@link GripSignature} to send, or {@code null} for none */
    static FullHttpRequest build(FullHttpRequest client, String clientQuery, UpstreamTarget target, String streamId,
            SocketAddress clientAddress, String gripSig) {
        ByteBuf body = client.content().isReadable() ? client.content().retainedDuplicate() : Unpooled.EMPTY_BUFFER;
        FullHttpRequest forwarded = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, client.method(),
                target.requestTarget(clientQuery), body, HEADERS, TRAILERS);
        try {
            copyHeaders(client, forwarded, target, streamId, clientAddress, gripSig);
            return forwarded;
        } catch (RuntimeException e) {
            forwarded.release();
            throw e;
        }
    }

    private static void copyHeaders(FullHttpRequest client, FullHttpRequest forwarded, UpstreamTarget target,
            String streamId, SocketAddress clientAddress, String gripSig) {
        ByteBuf body = forwarded.content();
        HttpHeaders in = client.headers();
        HttpHeaders out = forwarded.headers();
        out.set(HttpHeaderNames.HOST, target.hostHeader());
        // One pass over the client's few headers (values of a repeated header stay in their order), rather
        // than a lookup and a list per allowed name.
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = in.iteratorCharSequence(); it.hasNext();) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            AsciiString name = copied(header.getKey());
            if (name != null) {
                out.add(name, header.getValue());
            }
        }
        if (!out.contains(HttpHeaderNames.ACCEPT)) {
            out.set(HttpHeaderNames.ACCEPT, DEFAULT_ACCEPT);
        }
        String clientIp = clientAddress instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : null;
        String priorHops = in.get(X_FORWARDED_FOR);
        if (clientIp != null) {
            out.set(X_FORWARDED_FOR, priorHops == null || priorHops.isBlank() ? clientIp : priorHops + ", " + clientIp);
        } else if (priorHops != null) {
            out.set(X_FORWARDED_FOR, priorHops);
        }
        out.set(X_FORWARDED_PROTO, "http");
        out.set(X_REQUEST_ID, streamId);
        if (gripSig != null) {
            out.set(GripSignature.HEADER, gripSig);
        }
        if (body.isReadable() || !client.method().name().equals("GET")) {
            out.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        }
    }
}
