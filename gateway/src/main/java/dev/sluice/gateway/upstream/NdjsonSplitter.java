package dev.sluice.gateway.upstream;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits an {@code application/x-ndjson} body into its JSON lines as chunks arrive. Lines end in LF
 * (a CR before it is dropped); blank lines are skipped; an unterminated last line counts when the
 * body ends. Each line is bounded by {@code maxLineBytes}. Whether a line is valid JSON is checked
 * when it is re-encoded ({@link JsonPassThrough}). Not thread-safe: one instance per stream.
 */
public final class NdjsonSplitter {
    private final LineSplitter lines;
    private Consumer<byte[]> listener;
    private final LineSplitter.LineConsumer onLine = this::line;

    public NdjsonSplitter(int maxLineBytes) {
        this.lines = LineSplitter.ndjson(maxLineBytes);
    }

    /** Consumes every readable byte of {@code chunk} (the caller keeps ownership), passing each line on. */
    public void feed(ByteBuf chunk, Consumer<byte[]> to) {
        listener = to;
        lines.feed(chunk, onLine);
    }

    /** The body ended: passes on an unterminated last line. */
    public void finish(Consumer<byte[]> to) {
        listener = to;
        lines.finish(onLine);
    }

    private void line(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                listener.accept(Arrays.copyOf(bytes, length));
                return;
            }
        }
    }
}
