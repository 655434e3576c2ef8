package dev.sluice.gateway.upstream;

import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Parses an upstream {@code text/event-stream} incrementally, following the WHATWG "interpret an
 * event stream" rules: lines end in CRLF, LF or CR; a leading BOM is skipped; {@code :} lines are
 * comments; {@code data} fields accumulate joined by LF; a blank line dispatches the event, unless no
 * {@code data} field was seen; an {@code id} containing NUL is ignored; {@code retry} takes digits only.
 *
 * <p>Only the current line and the current event's fields are held, bounded by {@code maxEventBytes};
 * a chunk can end anywhere, even inside a UTF-8 sequence or between CR and LF. Comments (upstream
 * heartbeats) are dropped: the gateway sends its own. Not thread-safe: one instance per stream.
 */
public final class SseParser {

    /** Receives what the stream carries. */
    public interface Listener {
        /** A complete event; its id is {@code null} when the upstream event set none. */
        void event(SseEvent event);

        /** A {@code retry:} field with a valid value. */
        void retry(long millis);
    }

    private final int maxEventBytes;
    private final LineSplitter lines;
    private final LineSplitter.LineConsumer onLine = this::line;
    private final StringBuilder data = new StringBuilder();
    private Listener listener;
    private boolean hasData;
    private int eventBytes;
    private String name;
    private String id;
    private boolean firstLine = true;

    public SseParser(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
        this.lines = LineSplitter.eventStream(maxEventBytes);
    }

    /**
     * Parses every readable byte of {@code chunk} (the caller keeps ownership), dispatching finished
     * events to {@code to}.
     *
     * @throws UpstreamProtocolException when an event exceeds the limit or cannot be relayed
     */
    public void feed(ByteBuf chunk, Listener to) {
        listener = to;
        lines.feed(chunk, onLine);
    }

    private void line(byte[] bytes, int length) {
        int start = 0;
        if (firstLine) {
            firstLine = false;
            if (length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
                start = 3;
            }
        }
        if (start == length) {
            dispatch();
            return;
        }
        if (bytes[start] == ':') {
            return;
        }
        int colon = start;
        while (colon < length && bytes[colon] != ':') {
            colon++;
        }
        String field = new String(bytes, start, colon - start, StandardCharsets.UTF_8);
        int valueStart = colon < length ? colon + 1 : length;
        if (valueStart < length && bytes[valueStart] == ' ') {
            valueStart++;
        }
        String value = new String(bytes, valueStart, length - valueStart, StandardCharsets.UTF_8);
        eventBytes += length - start;
        if (eventBytes > maxEventBytes) {
            throw new UpstreamProtocolException("upstream event larger than " + maxEventBytes + " bytes");
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> name = value.isEmpty() ? null : value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    listener.retry(Long.parseLong(value));
                }
            }
            default -> {
                // Unknown fields are ignored, as the WHATWG rules require.
            }
        }
    }

    private void dispatch() {
        String eventId = id;
        String eventName = name;
        boolean dispatch = hasData;
        String text = data.toString();
        id = null;
        name = null;
        hasData = false;
        eventBytes = 0;
        data.setLength(0);
        if (!dispatch) {
            return;
        }
        SseEvent event;
        try {
            event = new SseEvent(eventId, eventName, EventData.text(text));
        } catch (IllegalArgumentException e) {
            throw new UpstreamProtocolException("upstream event cannot be relayed: " + e.getMessage());
        }
        listener.event(event);
    }
}
