package dev.sluice.bench.nulltarget;

import java.nio.charset.StandardCharsets;

/**
 * The null target's whole response, encoded once: the head, one chunk per event ({@code stage} events
 * 1..N, then {@code complete}, each with the JSON {@code seq} the bench checks) and the last chunk.
 * Streams only wrap these arrays, so the null target does next to no work per event.
 */
final class NullStreamPlan {

    static final byte[] HEAD = ascii("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
            + "transfer-encoding: chunked\r\nconnection: close\r\n\r\n");
    static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");
    static final byte[] HEALTHY = ascii("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 3\r\n"
            + "connection: close\r\n\r\nok\n");

    private final byte[][] events;
    private final long delayNanos;

    NullStreamPlan(int stages, long delayMs) {
        this.delayNanos = delayMs * 1_000_000;
        events = new byte[stages + 1][];
        for (int k = 1; k <= stages + 1; k++) {
            String event = "id: " + k + "\nevent: " + (k == stages + 1 ? "complete" : "stage")
                    + "\ndata: {\"streamId\":\"null\",\"seq\":" + k + "}\n\n";
            events[k - 1] = ascii(Integer.toHexString(event.length()) + "\r\n" + event + "\r\n");
        }
    }

    /** Events per stream, complete included. */
    int eventCount() {
        return events.length;
    }

    /** Event {@code index} (0-based) as one chunk. */
    byte[] event(int index) {
        return events[index];
    }

    /** Delay between two events. */
    long delayNanos() {
        return delayNanos;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
