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

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType;
    private String lastEventId = "";

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

    /** Consumes {@code length} bytes of {@code bytes} starting at {@code offset}. */
    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i]);
        }
    }

    /** True when bytes of an unfinished line or an undispatched event are buffered. */
    public boolean hasPendingInput() {
        return lineLength > 0 || hasData || eventType != null;
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
        String field;
        String value;
        if (colon < 0) {
            field = new String(line, 0, lineLength, StandardCharsets.UTF_8);
            value = "";
        } else {
            field = new String(line, 0, colon, StandardCharsets.UTF_8);
            int start = colon + 1 < lineLength && line[colon + 1] == ' ' ? colon + 2 : colon + 1;
            value = new String(line, start, lineLength - start, StandardCharsets.UTF_8);
        }
        lineLength = 0;
        applyField(field, value);
    }

    private int indexOfColon() {
        for (int i = 0; i < lineLength; i++) {
            if (line[i] == ':') {
                return i;
            }
        }
        return -1;
    }

    private void applyField(String field, String value) {
        switch (field) {
            case "data" -> {
                data.append(value).append('\n');
                hasData = true;
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    try {
                        listener.onRetry(Long.parseLong(value));
                    } catch (NumberFormatException tooLarge) {
                        // The standard ignores values that are not a valid integer; a huge one is not.
                    }
                }
            }
            default -> {
                // Unknown fields are ignored by the standard.
            }
        }
    }

    private void dispatch() {
        if (!hasData) {
            eventType = null;
            return;
        }
        data.setLength(data.length() - 1);
        SseEvent event = new SseEvent(lastEventId, eventType == null || eventType.isEmpty() ? "message" : eventType,
                data.toString());
        data.setLength(0);
        hasData = false;
        eventType = null;
        listener.onEvent(event);
    }
}
