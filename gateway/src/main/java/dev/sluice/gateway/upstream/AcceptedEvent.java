package dev.sluice.gateway.upstream;

import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import dev.sluice.gateway.sse.SseEventEncoder;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * What a relayed stream opens with, before the upstream is even connected: the {@code retry} hint and
 * {@code event: stage} {@code accepted} (id and seq 1), written as one buffer from constant bytes around
 * the stream id.
 *
 * <p>Every relayed stream sends this, on the loop, while the request that opened it is being handled; a
 * JSON generator per stream for a document whose only variable is the stream id was the largest part of
 * that work. The bytes are exactly what {@link SseEventEncoder} writes for {@link #event}; a stream id that
 * would need JSON escaping (the gateway's own never do) takes the encoder's path instead.
 */
final class AcceptedEvent {
    private static final byte[] RETRY = ascii("retry: ");
    private static final byte[] BLANK_LINE_END = ascii("\n\n");
    private static final byte[] HEAD = ascii("id: 1\nevent: stage\ndata: {\"streamId\":\"");
    private static final byte[] TAIL = ascii("\",\"seq\":1,\"stageId\":\"accepted\",\"label\":\"Request accepted\","
            + "\"progress\":0,\"elapsedMs\":0}\n\n");
    private static final int MAX_RETRY_BYTES = RETRY.length + 20 + BLANK_LINE_END.length;

    private AcceptedEvent() {
    }

    /** The event, for the encoder: seq 1, progress 0, elapsed 0. */
    static SseEvent event(String streamId) {
        return new SseEvent("1", "stage", EventData.json(g -> {
            g.writeStartObject();
            g.writeStringField("streamId", streamId);
            g.writeNumberField("seq", 1);
            g.writeStringField("stageId", "accepted");
            g.writeStringField("label", "Request accepted");
            g.writeNumberField("progress", 0);
            g.writeNumberField("elapsedMs", 0);
            g.writeEndObject();
        }));
    }

    /**
     * Writes the retry hint then the event into {@code out} and returns the event's length in bytes (what the
     * stream counts as sent; the hint is not an event).
     */
    static int write(ByteBuf out, long retryMs, String streamId, SseEventEncoder encoder) {
        out.ensureWritable(MAX_RETRY_BYTES + HEAD.length + streamId.length() + TAIL.length);
        out.writeBytes(RETRY);
        out.writeCharSequence(Long.toString(retryMs), StandardCharsets.US_ASCII);
        out.writeBytes(BLANK_LINE_END);
        int start = out.writerIndex();
        if (plain(streamId)) {
            out.writeBytes(HEAD);
            out.writeCharSequence(streamId, StandardCharsets.US_ASCII);
            out.writeBytes(TAIL);
        } else {
            encoder.encode(out, event(streamId));
        }
        return out.writerIndex() - start;
    }

    /** Whether {@code id} is written into a JSON string as it is: printable ASCII without quote or backslash. */
    static boolean plain(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
