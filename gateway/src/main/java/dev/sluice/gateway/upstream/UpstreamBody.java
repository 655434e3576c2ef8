package dev.sluice.gateway.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import io.netty.buffer.ByteBuf;
import java.util.Locale;

/**
 * Turns one upstream response body into events, chunk by chunk, as its content type says (SPEC
 * section 4). Implementations hold at most one unfinished event, line or bounded document.
 */
interface UpstreamBody {

    /** Consumes every readable byte of {@code chunk}; the caller keeps ownership of the buffer. */
    void content(ByteBuf chunk);

    /** The body ended cleanly; emits whatever its end means (a final {@code complete}, or nothing). */
    void end();

    /**
     * The translator for {@code contentType}, or {@code null} when the gateway cannot relay it.
     * {@code text/event-stream} is re-framed event by event; {@code application/x-ndjson} (also
     * {@code application/ndjson}, {@code application/jsonl}) gives one event per line; {@code application/json}
     * and {@code +json} types give one {@code complete} event.
     */
    static UpstreamBody forContentType(String contentType, EventSink sink, JsonFactory json, int maxEventBytes) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        switch (mime) {
            case "text/event-stream":
                return new SseBody(sink, maxEventBytes);
            case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines":
                return new NdjsonBody(sink, json, maxEventBytes);
            default:
                if (mime.equals("application/json") || mime.endsWith("+json")) {
                    return new JsonDocumentBody(sink, json, maxEventBytes);
                }
                return null;
        }
    }

    /**
     * The translator for the body of a held answer (SPEC section 10), relayed as events before the client
     * is subscribed to its channel. The same content types as {@link #forContentType}, but nothing marks
     * the end of the body (the channel's close does that): NDJSON lines and a JSON document each become
     * {@code event: message}. A held answer without a relayable content type may carry no body at all.
     */
    static UpstreamBody forHeldAnswer(String contentType, EventSink sink, JsonFactory json, int maxEventBytes) {
        UpstreamBody body = forContentType(contentType, sink, json, maxEventBytes);
        if (body instanceof NdjsonBody) {
            return new NdjsonBody(sink, json, maxEventBytes, false);
        }
        if (body instanceof JsonDocumentBody) {
            return new JsonDocumentBody(sink, json, maxEventBytes, false);
        }
        return body != null ? body : EMPTY;
    }

    /** A body that must be empty: the held answer of a content type Sluice cannot relay. */
    UpstreamBody EMPTY = new UpstreamBody() {
        @Override
        public void content(ByteBuf chunk) {
            if (chunk.isReadable()) {
                throw new UpstreamProtocolException("a held answer's body must be text/event-stream, NDJSON or JSON"
                        + " to be relayed (or be empty)");
            }
        }

        @Override
        public void end() {
        }
    };
}
