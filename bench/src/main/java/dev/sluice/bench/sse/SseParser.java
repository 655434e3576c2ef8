package dev.sluice.bench.sse;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental parser for the {@code text/event-stream} format as the HTML standard defines it.
 *
 * <p>Bytes may arrive split anywhere: inside a field name, inside a multi-byte UTF-8 character or
 * between the CR and LF of one line ending. The parser keeps the unfinished line as bytes and decodes
 * it only when its terminator (CRLF, LF or a lone CR) is seen, so a split never changes the result.
 * It follows the standard's dispatch rules: a block without {@code data} lines dispatches nothing,
 * the last event id persists across events, a {@code retry} value with a non-digit is ignored, and
 * an {@code id} containing NUL is ignored. One instance serves one stream and is not thread-safe.
 */
public final class SseParser {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final int[] BOM = {0xEF, 0xBB, 0xBF};

    private final SseListener listener;
    private final ByteProcessor acceptor = b -> {
        accept(b);
        return true;
    };
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean afterCr;
    private int bomBytesChecked;

    private final SseEventBytes event = new SseEventBytes();
    private boolean hasData;
    private boolean eventTypeSet;

    /** Creates a parser that reports to {@code listener}. */
    public SseParser(SseListener listener) {
        this.listener = listener;
    }

    /** Consumes the readable bytes of {@code buffer} without changing its indices or its reference count. */
    public void feed(ByteBuf buffer) {
        // forEachByte checks bounds once per call; a getByte per byte checks them per byte, which at
        // firehose rates cost the bench's client more than the parsing itself.
        buffer.forEachByte(buffer.readerIndex(), buffer.readableBytes(), acceptor);
    }

    /** Consumes {@code length} bytes of {@code buffer} from {@code index}, without changing its indices. */
    public void feed(ByteBuf buffer, int index, int length) {
        buffer.forEachByte(index, length, acceptor);
    }

    /** Consumes {@code length} bytes of {@code bytes} starting at {@code offset}. */
    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i]);
        }
    }

    /** True when bytes of an unfinished line or an undispatched event are buffered. */
    public boolean hasPendingInput() {
        return lineLength > 0 || hasData || eventTypeSet;
    }

    private void accept(byte b) {
        if (bomBytesChecked < 3 && skipByteOrderMark(b)) {
            return;
        }
        if (afterCr) {
            afterCr = false;
            if (b == LF) {
                return;
            }
        }
        if (b == CR) {
            afterCr = true;
            endLine();
        } else if (b == LF) {
            endLine();
        } else {
            appendToLine(b);
        }
    }

    /** A UTF-8 byte order mark may open the stream and is not part of the first line. */
    private boolean skipByteOrderMark(byte b) {
        if ((b & 0xFF) == BOM[bomBytesChecked]) {
            bomBytesChecked++;
            return true;
        }
        // Not a mark after all: the bytes matched so far belong to the first line.
        int matched = bomBytesChecked;
        bomBytesChecked = BOM.length;
        for (int i = 0; i < matched; i++) {
            appendToLine((byte) BOM[i]);
        }
        return false;
    }

    private void appendToLine(byte b) {
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private void endLine() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        if (line[0] == ':') {
            int start = lineLength > 1 && line[1] == ' ' ? 2 : 1;
            listener.onComment(new String(line, start, lineLength - start, StandardCharsets.UTF_8));
            lineLength = 0;
            return;
        }
        int colon = indexOfColon();
        int nameEnd = colon < 0 ? lineLength : colon;
        int valueStart = colon < 0 ? lineLength
                : colon + 1 < lineLength && line[colon + 1] == ' ' ? colon + 2 : colon + 1;
        int valueLength = lineLength - valueStart;
        lineLength = 0;
        // Field names compared as bytes: no strings per line on the client's hot path.
        if (SseEventBytes.equalsAscii(line, nameEnd, "data")) {
            event.appendData(line, valueStart, valueLength);
            event.appendDataNewline();
            hasData = true;
        } else if (SseEventBytes.equalsAscii(line, nameEnd, "event")) {
            event.setType(line, valueStart, valueLength);
            eventTypeSet = true;
        } else if (SseEventBytes.equalsAscii(line, nameEnd, "id")) {
            if (indexOf((byte) 0, valueStart, valueLength) < 0) {
                event.setId(line, valueStart, valueLength);
            }
        } else if (SseEventBytes.equalsAscii(line, nameEnd, "retry")) {
            retry(valueStart, valueLength);
        }
        // Unknown fields are ignored by the standard.
    }

    private int indexOfColon() {
        return indexOf((byte) ':', 0, lineLength);
    }

    private int indexOf(byte wanted, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (line[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** ASCII digits only, else ignored; a value too large for a long is not a valid integer either. */
    private void retry(int start, int length) {
        if (length == 0 || !allDigits(start, length)) {
            return;
        }
        long value = 0;
        for (int i = start; i < start + length; i++) {
            if (value > (Long.MAX_VALUE - (line[i] - '0')) / 10) {
                return;
            }
            value = value * 10 + (line[i] - '0');
        }
        listener.onRetry(value);
    }

    private boolean allDigits(int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (line[i] < '0' || line[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private void dispatch() {
        if (!hasData) {
            resetType();
            return;
        }
        event.dropLastDataByte();
        hasData = false;
        listener.onEvent(event);
        event.clearData();
        resetType();
    }

    /** The event name applies to one event; the last event id persists. */
    private void resetType() {
        if (eventTypeSet) {
            event.setType(line, 0, 0);
            eventTypeSet = false;
        }
    }
}
