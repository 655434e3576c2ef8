package dev.sluice.gateway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.util.Arrays;

/**
 * Cuts a byte stream that arrives in arbitrary chunks into lines, keeping only the unfinished line
 * between chunks (never the whole body).
 *
 * <p>Two dialects: {@linkplain #eventStream event streams} end lines with CRLF, LF or a lone CR (the
 * WHATWG rule), where a CR at the end of one chunk and an LF at the start of the next are one line
 * end; {@linkplain #ndjson NDJSON} ends lines with LF and drops one trailing CR. A line longer than the
 * limit is refused rather than buffered. Not thread-safe: one instance per stream, on its event loop.
 */
final class LineSplitter {
    private static final int INITIAL_CAPACITY = 256;

    /** Receives each complete line; the array is reused, so copy what you keep. */
    @FunctionalInterface
    interface LineConsumer {
        void line(byte[] bytes, int length);
    }

    private final boolean loneCrEndsLine;
    private final int maxLineBytes;
    private byte[] line = new byte[INITIAL_CAPACITY];
    private int length;
    private boolean skipLf;

    private LineSplitter(boolean loneCrEndsLine, int maxLineBytes) {
        this.loneCrEndsLine = loneCrEndsLine;
        this.maxLineBytes = maxLineBytes;
    }

    static LineSplitter eventStream(int maxLineBytes) {
        return new LineSplitter(true, maxLineBytes);
    }

    static LineSplitter ndjson(int maxLineBytes) {
        return new LineSplitter(false, maxLineBytes);
    }

    /** Consumes every readable byte of {@code in}, calling {@code out} once per completed line. */
    void feed(ByteBuf in, LineConsumer out) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        ByteProcessor lineEnd = loneCrEndsLine ? ByteProcessor.FIND_CRLF : ByteProcessor.FIND_LF;
        while (i < end) {
            if (skipLf) {
                skipLf = false;
                if (in.getByte(i) == '\n') {
                    i++;
                    continue;
                }
            }
            int eol = in.forEachByte(i, end - i, lineEnd);
            if (eol < 0) {
                append(in, i, end - i);
                break;
            }
            append(in, i, eol - i);
            skipLf = in.getByte(eol) == '\r';
            i = eol + 1;
            emit(out);
        }
        in.readerIndex(end);
    }

    /** The body ended: an unterminated last line is still a line in NDJSON; returns whether one was pending. */
    boolean finish(LineConsumer out) {
        if (length == 0) {
            return false;
        }
        emit(out);
        return true;
    }

    private void append(ByteBuf in, int from, int count) {
        if (count == 0) {
            return;
        }
        int needed = length + count;
        if (needed > maxLineBytes) {
            throw new UpstreamProtocolException("upstream sent a line longer than " + maxLineBytes + " bytes");
        }
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(needed, line.length * 2)));
        }
        in.getBytes(from, line, length, count);
        length = needed;
    }

    private void emit(LineConsumer out) {
        int n = length;
        if (!loneCrEndsLine && n > 0 && line[n - 1] == '\r') {
            n--;
        }
        length = 0;
        out.line(line, n);
    }
}
