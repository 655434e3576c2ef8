package dev.sluice.gateway.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Relays a single JSON answer as one {@code event: complete} whose {@code result} is the document. The
 * only body the gateway must hold whole, so it is bounded by {@code maxBytes}: a larger one fails the
 * stream with {@code upstream_protocol} instead of growing memory.
 */
final class JsonDocumentBody implements UpstreamBody {
    private final EventSink sink;
    private final JsonFactory json;
    private final int maxBytes;
    private final boolean completes;
    private byte[] body = new byte[512];
    private int length;

    JsonDocumentBody(EventSink sink, JsonFactory json, int maxBytes) {
        this(sink, json, maxBytes, true);
    }

    /**
     * @param completes whether the document is the stream's {@code complete}; a held answer's is relayed as
     *     one {@code event: message} instead, since the stream goes on
     */
    JsonDocumentBody(EventSink sink, JsonFactory json, int maxBytes, boolean completes) {
        this.completes = completes;
        this.sink = sink;
        this.json = json;
        this.maxBytes = maxBytes;
    }

    @Override
    public void content(ByteBuf chunk) {
        int count = chunk.readableBytes();
        if (count == 0) {
            return;
        }
        int needed = length + count;
        if (needed > maxBytes) {
            throw new UpstreamProtocolException("upstream JSON body larger than " + maxBytes + " bytes");
        }
        if (needed > body.length) {
            body = Arrays.copyOf(body, Math.min(maxBytes, Math.max(needed, body.length * 2)));
        }
        chunk.readBytes(body, length, count);
        length = needed;
    }

    @Override
    public void end() {
        EventData.JsonBody document = JsonPassThrough.copyOf(json, Arrays.copyOf(body, length));
        body = null;
        if (!completes) {
            sink.event(new SseEvent(Integer.toString(sink.nextSeq()), NdjsonBody.LINE_EVENT, EventData.json(document)));
            return;
        }
        long elapsedMs = sink.elapsedMs();
        sink.completeEvent(g -> {
            g.writeNumberField("elapsedMs", elapsedMs);
            g.writeFieldName("result");
            document.writeTo(g);
        });
    }
}
