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
}
