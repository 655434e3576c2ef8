package dev.sluice.gateway.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * Relays an NDJSON body as one {@code event: message} per line, its data the line's JSON value
 * (compacted), numbered on from the gateway's {@code accepted} event. When the body ends the gateway
 * adds {@code event: complete} with the number of lines, since NDJSON has no end marker of its own
 * and a client needs one to tell a finished stream from a dropped one.
 */
final class NdjsonBody implements UpstreamBody {
    static final String LINE_EVENT = "message";

    private final EventSink sink;
    private final JsonFactory json;
    private final NdjsonSplitter splitter;
    private final Consumer<byte[]> onLine = this::line;
    private final boolean completes;
    private int lines;

    NdjsonBody(EventSink sink, JsonFactory json, int maxLineBytes) {
        this(sink, json, maxLineBytes, true);
    }

    /** @param completes whether the end of the body ends the stream with {@code complete} (not for a held answer) */
    NdjsonBody(EventSink sink, JsonFactory json, int maxLineBytes, boolean completes) {
        this.completes = completes;
        this.sink = sink;
        this.json = json;
        this.splitter = new NdjsonSplitter(maxLineBytes);
    }

    @Override
    public void content(ByteBuf chunk) {
        splitter.feed(chunk, onLine);
    }

    @Override
    public void end() {
        splitter.finish(onLine);
        if (!completes) {
            return;
        }
        int count = lines;
        long elapsedMs = sink.elapsedMs();
        sink.completeEvent(g -> {
            g.writeNumberField("lines", count);
            g.writeNumberField("elapsedMs", elapsedMs);
        });
    }

    private void line(byte[] bytes) {
        lines++;
        sink.event(new SseEvent(Integer.toString(sink.nextSeq()), LINE_EVENT,
                EventData.json(JsonPassThrough.copyOf(json, bytes))));
    }
}
