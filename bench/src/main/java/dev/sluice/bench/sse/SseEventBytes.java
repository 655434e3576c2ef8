package dev.sluice.bench.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The event {@link SseParser} is dispatching, as bytes in buffers the parser reuses for the next event:
 * valid only during {@link SseListener#onEvent(SseEventBytes)}. Reading it allocates nothing; the
 * {@code ...Text()} methods and {@link #toEvent()} make strings for messages and tests.
 */
public final class SseEventBytes {

    private byte[] data = new byte[256];
    private int dataLength;
    private byte[] type = new byte[16];
    private int typeLength;
    private byte[] id = new byte[16];
    private int idLength;

    /** The data lines joined with LF: bytes {@code [0, dataLength())} of this array. */
    public byte[] dataArray() {
        return data;
    }

    /** Length of the data. */
    public int dataLength() {
        return dataLength;
    }

    /** Whether the event's name is {@code name} (ASCII); an event without {@code event:} is "message". */
    public boolean typeIs(String name) {
        if (typeLength == 0) {
            return "message".equals(name);
        }
        return equalsAscii(type, typeLength, name);
    }

    /** The last event id's position: the decimal number it is, or ends with after a colon; -1 when it is anything else. */
    public long idAsLong() {
        // Sluice's stage ids name the stream too (<streamId>:<seq>, SPEC section 8): the position follows the last ':'.
        int start = idLength;
        while (start > 0 && id[start - 1] != ':') {
            start--;
        }
        int digits = idLength - start;
        if (digits == 0 || digits > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < idLength; i++) {
            int digit = id[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** Length of the last event id in bytes. */
    public int idLength() {
        return idLength;
    }

    /** The id as text (allocates; for messages). */
    public String idText() {
        return new String(id, 0, idLength, StandardCharsets.UTF_8);
    }

    /** The event name as text (allocates; for messages). */
    public String typeText() {
        return typeLength == 0 ? "message" : new String(type, 0, typeLength, StandardCharsets.UTF_8);
    }

    /** The data as text (allocates; for messages). */
    public String dataText() {
        return new String(data, 0, dataLength, StandardCharsets.UTF_8);
    }

    /** A standalone copy as strings. */
    public SseEvent toEvent() {
        return new SseEvent(idText(), typeText(), dataText());
    }

    /** The bytes of {@code event}, for checks that take this form. */
    public static SseEventBytes of(SseEvent event) {
        SseEventBytes bytes = new SseEventBytes();
        byte[] id = event.id().getBytes(StandardCharsets.UTF_8);
        bytes.setId(id, 0, id.length);
        byte[] type = "message".equals(event.type()) ? new byte[0] : event.type().getBytes(StandardCharsets.UTF_8);
        bytes.setType(type, 0, type.length);
        byte[] data = event.data().getBytes(StandardCharsets.UTF_8);
        bytes.appendData(data, 0, data.length);
        return bytes;
    }

    void appendData(byte[] source, int offset, int length) {
        data = ensure(data, dataLength + length + 1);
        System.arraycopy(source, offset, data, dataLength, length);
        dataLength += length;
    }

    void appendDataNewline() {
        data = ensure(data, dataLength + 1);
        data[dataLength++] = '\n';
    }

    void dropLastDataByte() {
        dataLength--;
    }

    void clearData() {
        dataLength = 0;
    }

    void setType(byte[] source, int offset, int length) {
        type = ensure(type, length);
        System.arraycopy(source, offset, type, 0, length);
        typeLength = length;
    }

    void setId(byte[] source, int offset, int length) {
        id = ensure(id, length);
        System.arraycopy(source, offset, id, 0, length);
        idLength = length;
    }

    private static byte[] ensure(byte[] array, int length) {
        return array.length >= length ? array : Arrays.copyOf(array, Math.max(length, array.length * 2));
    }

    static boolean equalsAscii(byte[] bytes, int length, String text) {
        if (length != text.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
