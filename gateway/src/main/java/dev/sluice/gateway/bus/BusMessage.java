package dev.sluice.gateway.bus;

import java.nio.charset.StandardCharsets;

/**
 * One event as a publisher hands it to the bus, before the bus gives it a position. Immutable; the
 * bytes are plain arrays so that a bus can store or send them anywhere (another process, Redis).
 *
 * @param event the SSE event name ({@code event:} field), or {@code null} for a {@link #raw} message
 * @param data for a named event: its JSON data on one line (already validated and compacted); for a
 *     raw message: bytes the publisher framed as SSE itself (GRIP {@code http-stream} content)
 * @param raw whether {@code data} is pre-framed SSE to pass on as is
 * @param close whether this is the stream's final event: each subscriber gets it, then a clean end
 *     (SPEC section 10)
 */
public record BusMessage(String event, byte[] data, boolean raw, boolean close) {
    public BusMessage {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (!raw && (event == null || event.isEmpty())) {
            throw new IllegalArgumentException("a named event needs its name");
        }
    }

    /** A named event whose data is one line of JSON. */
    public static BusMessage event(String event, byte[] jsonData, boolean close) {
        return new BusMessage(event, jsonData, false, close);
    }

    /** Already framed SSE bytes, passed to subscribers unchanged. */
    public static BusMessage raw(byte[] framedSse, boolean close) {
        return new BusMessage(null, framedSse, true, close);
    }

    /** For tests and logs. */
    @Override
    public String toString() {
        return (raw ? "raw" : event) + (close ? "(close)" : "") + ":" + new String(data, StandardCharsets.UTF_8);
    }
}
