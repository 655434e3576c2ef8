package dev.sluice.gateway.upstream;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses an upstream {@code text/event-stream} incrementally, following the WHATWG "interpret an
 * event stream" rules: lines end in CRLF, LF or CR; a leading BOM is skipped; {@code :} lines are
 * comments; {@code data} fields accumulate joined by LF; a blank line dispatches the event, unless no
 * {@code data} field was seen; an {@code id} containing NUL is ignored; {@code retry} takes digits only.
 *
 * <p>Each event is handed on already re-framed for the client, byte for byte what
 * {@link dev.sluice.gateway.sse.SseEventEncoder} writes for the same id, name and data ({@code id: },
 * {@code event: }, one {@code data: } line per data field, a blank line): the fields are copied as bytes
 * into one reused buffer instead of going through strings, an event object and the encoder, which is
 * what relaying an event used to cost. Text that is not valid UTF-8 is passed on as the decoder would
 * have replaced it (U+FFFD), so the client never sees a broken sequence.
 *
 * <p>Only the current line and the current event's fields are held, bounded by {@code maxEventBytes};
 * a chunk can end anywhere, even inside a UTF-8 sequence or between CR and LF. Comments (upstream
 * heartbeats) are dropped: the gateway sends its own. Not thread-safe: one instance per stream.
 */
public final class SseParser {

    /** Receives what the stream carries. */
    public interface Listener {
        /**
         * A complete event, framed for the client ({@code [id: ..\n][event: ..\n](data: ..\n)+\n}), in
         * {@code framed[0, length)}. The array is reused: copy what you keep.
         */
        void event(byte[] framed, int length);

        /** A {@code retry:} field with a valid value. */
        void retry(long millis);
    }

    private static final byte[] DATA = bytes("data");
    private static final byte[] EVENT = bytes("event");
    private static final byte[] ID = bytes("id");
    private static final byte[] RETRY = bytes("retry");
    private static final byte[] DATA_PREFIX = bytes("data: ");
    private static final byte[] EVENT_PREFIX = bytes("event: ");
    private static final byte[] ID_PREFIX = bytes("id: ");
    private static final int INITIAL_CAPACITY = 256;

    private final int maxEventBytes;
    private final LineSplitter lines;
    private final LineSplitter.LineConsumer onLine = this::line;
    private Listener listener;
    private int eventBytes;
    /** The event's {@code data: ...\n} lines so far, already framed. */
    private byte[] data = new byte[INITIAL_CAPACITY];
    private int dataLength;
    private boolean hasData;
    /** The event's {@code id: ...\n} line, or length 0 for none. */
    private byte[] id = new byte[32];
    private int idLength;
    /** The event's {@code event: ...\n} line, or length 0 for none. */
    private byte[] name = new byte[32];
    private int nameLength;
    private boolean nameHasNul;
    /** Where a dispatched event is assembled; reused. */
    private byte[] out = new byte[INITIAL_CAPACITY];
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
        int valueStart = colon < length ? colon + 1 : length;
        if (valueStart < length && bytes[valueStart] == ' ') {
            valueStart++;
        }
        int valueLength = length - valueStart;
        eventBytes += length - start;
        if (eventBytes > maxEventBytes) {
            throw new UpstreamProtocolException("upstream event larger than " + maxEventBytes + " bytes");
        }
        if (isField(DATA, bytes, start, colon)) {
            dataLength = appendLine(data, dataLength, DATA_PREFIX, bytes, valueStart, valueLength);
            hasData = true;
        } else if (isField(EVENT, bytes, start, colon)) {
            if (valueLength == 0) {
                nameLength = 0;
            } else {
                nameHasNul = indexOfNul(bytes, valueStart, valueLength) >= 0;
                nameLength = appendLine(name, 0, EVENT_PREFIX, bytes, valueStart, valueLength);
            }
        } else if (isField(ID, bytes, start, colon)) {
            if (indexOfNul(bytes, valueStart, valueLength) < 0) {
                idLength = appendLine(id, 0, ID_PREFIX, bytes, valueStart, valueLength);
            }
        } else if (isField(RETRY, bytes, start, colon)) {
            retry(bytes, valueStart, valueLength);
        }
        // Unknown fields are ignored, as the WHATWG rules require.
    }

    private void retry(byte[] bytes, int from, int length) {
        if (length == 0 || length > 18) {
            return;
        }
        long millis = 0;
        for (int i = from; i < from + length; i++) {
            byte b = bytes[i];
            if (b < '0' || b > '9') {
                return;
            }
            millis = millis * 10 + (b - '0');
        }
        listener.retry(millis);
    }

    private void dispatch() {
        boolean dispatch = hasData;
        hasData = false;
        eventBytes = 0;
        try {
            if (!dispatch) {
                return;
            }
            if (nameLength > 0 && nameHasNul) {
                throw new UpstreamProtocolException(
                        "upstream event cannot be relayed: event name must not contain CR, LF or NUL");
            }
            int length = idLength + nameLength + dataLength + 1;
            if (out.length < length) {
                out = new byte[Math.max(length, out.length * 2)];
            }
            System.arraycopy(id, 0, out, 0, idLength);
            System.arraycopy(name, 0, out, idLength, nameLength);
            System.arraycopy(data, 0, out, idLength + nameLength, dataLength);
            out[length - 1] = '\n';
            listener.event(out, length);
        } finally {
            idLength = 0;
            nameLength = 0;
            dataLength = 0;
        }
    }

    /**
     * Appends {@code prefix + value + LF} to the buffer field named by {@code target} at {@code at};
     * returns the new length. Non-ASCII values go through a UTF-8 decode and encode, as the encoder's
     * string path did, so malformed sequences become U+FFFD rather than reaching the client.
     */
    private int appendLine(byte[] target, int at, byte[] prefix, byte[] bytes, int from, int length) {
        byte[] value = bytes;
        int valueFrom = from;
        int valueLength = length;
        if (!isAscii(bytes, from, length)) {
            value = new String(bytes, from, length, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            valueFrom = 0;
            valueLength = value.length;
        }
        int needed = at + prefix.length + valueLength + 1;
        byte[] buffer = grow(target, needed);
        System.arraycopy(prefix, 0, buffer, at, prefix.length);
        System.arraycopy(value, valueFrom, buffer, at + prefix.length, valueLength);
        buffer[needed - 1] = '\n';
        return needed;
    }

    /** Makes the field buffer {@code target} (data, id or name) hold {@code needed} bytes; returns it. */
    private byte[] grow(byte[] target, int needed) {
        if (target.length >= needed) {
            return target;
        }
        byte[] bigger = Arrays.copyOf(target, Math.max(needed, target.length * 2));
        if (target == data) {
            data = bigger;
        } else if (target == id) {
            id = bigger;
        } else {
            name = bigger;
        }
        return bigger;
    }

    private static boolean isField(byte[] field, byte[] bytes, int from, int to) {
        return Arrays.equals(field, 0, field.length, bytes, from, to);
    }

    private static boolean isAscii(byte[] bytes, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfNul(byte[] bytes, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
