package dev.sluice.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 response read byte by byte as it arrives, with nothing allocated per read (the model is
 * Hyperfoil's {@code Http1xResponseHandler}): the status line, the three headers the bench needs
 * ({@code content-type}, {@code transfer-encoding}, {@code content-length}), and the body's framing
 * (chunked, a length, or until the connection closes). Body bytes are handed on as ranges of the
 * received buffer, never copied. One instance per response; not thread-safe.
 */
final class HttpResponseReader implements ByteProcessor {

    /** What the reader finds. */
    interface Listener {
        /** The head is complete; {@code contentTypeProblem} is null for {@code text/event-stream}. */
        void onResponseHead(int status, String contentTypeProblem);

        /** {@code length} body bytes of {@code buffer} from {@code index}. */
        void onResponseBody(ByteBuf buffer, int index, int length);

        /** The body's framing says the response is complete. */
        void onResponseEnd();

        /** The bytes are not a response the bench can read. */
        void onResponseError(String problem);
    }

    private enum State { STATUS, HEADER, CHUNK_SIZE, CHUNK_EXTENSION, CHUNK_DATA, CHUNK_DATA_END, TRAILER,
        LENGTH_BODY, CLOSE_BODY, DONE }

    private static final int MAX_STATUS_LINE = 1024;
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int KEPT_HEADER_BYTES = 256;
    private static final String EVENT_STREAM = "text/event-stream";

    private final Listener listener;
    private State state = State.STATUS;
    private int status = -1;
    private int statusSpaces;
    private int lineBytes;
    /** The start of the current header line (enough for the three names and their values). */
    private final byte[] header = new byte[KEPT_HEADER_BYTES];
    private int headerKept;
    private boolean chunked;
    private long contentLength = -1;
    private boolean eventStream;
    private String contentType;
    private long remaining;
    private boolean trailerLineEmpty = true;

    HttpResponseReader(Listener listener) {
        this.listener = listener;
    }

    /** Reads the readable bytes of {@code in} (indices and reference count unchanged). */
    void read(ByteBuf in) {
        int index = in.readerIndex();
        int end = in.writerIndex();
        while (index < end && state != State.DONE) {
            if (state == State.CHUNK_DATA || state == State.LENGTH_BODY || state == State.CLOSE_BODY) {
                int length = state == State.CLOSE_BODY ? end - index : (int) Math.min(remaining, end - index);
                listener.onResponseBody(in, index, length);
                index += length;
                if (state != State.CLOSE_BODY) {
                    remaining -= length;
                    if (remaining == 0) {
                        if (state == State.CHUNK_DATA) {
                            state = State.CHUNK_DATA_END;
                        } else {
                            finish();
                        }
                    }
                }
            } else {
                int stop = in.forEachByte(index, end - index, this);
                index = stop < 0 ? end : stop + 1;
            }
        }
    }

    /** Whether the body runs until the connection closes (then the close ends the response). */
    boolean endsAtClose() {
        return state == State.CLOSE_BODY;
    }

    /** One byte of the head or of the chunk framing; false stops the scan when the state changes to a body. */
    @Override
    public boolean process(byte b) {
        switch (state) {
            case STATUS -> statusByte(b);
            case HEADER -> headerByte(b);
            case CHUNK_SIZE -> chunkSizeByte(b);
            case CHUNK_EXTENSION -> {
                if (b == '\n') {
                    endChunkSize();
                }
            }
            case CHUNK_DATA_END -> {
                if (b == '\n') {
                    state = State.CHUNK_SIZE;
                    remaining = 0;
                    lineBytes = 0;
                } else if (b != '\r') {
                    return fail("chunk not followed by CRLF");
                }
            }
            case TRAILER -> {
                if (b == '\n') {
                    if (trailerLineEmpty) {
                        finish();
                        return false;
                    }
                    trailerLineEmpty = true;
                } else if (b != '\r') {
                    trailerLineEmpty = false;
                }
            }
            default -> {
                return false;
            }
        }
        return state != State.CHUNK_DATA && state != State.LENGTH_BODY && state != State.CLOSE_BODY
                && state != State.DONE;
    }

    private void statusByte(byte b) {
        if (++lineBytes > MAX_STATUS_LINE) {
            fail("status line too long");
            return;
        }
        if (b == '\n') {
            if (status < 100) {
                fail("bad status line");
                return;
            }
            state = State.HEADER;
            lineBytes = 0;
            headerKept = 0;
        } else if (b == ' ') {
            statusSpaces++;
        } else if (statusSpaces == 1 && b >= '0' && b <= '9') {
            status = (status < 0 ? 0 : status * 10) + (b - '0');
        }
    }

    private void headerByte(byte b) {
        if (b == '\n') {
            int length = headerKept > 0 && header[headerKept - 1] == '\r' ? headerKept - 1 : headerKept;
            if (length == 0 && lineBytes <= 1) {
                endHead();
            } else {
                headerLine(length);
            }
            lineBytes = 0;
            headerKept = 0;
            return;
        }
        if (++lineBytes > MAX_HEADER_LINE) {
            fail("header line too long");
            return;
        }
        if (headerKept < header.length) {
            header[headerKept++] = b;
        }
    }

    private void headerLine(int length) {
        int value;
        if ((value = valueAfter("content-type", length)) >= 0) {
            eventStream = startsWithIgnoringCase(value, length, EVENT_STREAM);
            if (!eventStream) {
                contentType = new String(header, value, length - value, StandardCharsets.ISO_8859_1);
            }
        } else if ((value = valueAfter("transfer-encoding", length)) >= 0) {
            chunked = containsIgnoringCase(value, length, "chunked");
        } else if ((value = valueAfter("content-length", length)) >= 0) {
            long parsed = 0;
            for (int i = value; i < length && header[i] >= '0' && header[i] <= '9'; i++) {
                parsed = parsed * 10 + (header[i] - '0');
            }
            contentLength = parsed;
        }
    }

    private void endHead() {
        String problem = eventStream ? null : "content type " + contentType;
        listener.onResponseHead(status, problem);
        if (state == State.DONE) {
            return;
        }
        if (chunked) {
            state = State.CHUNK_SIZE;
            lineBytes = 0;
            remaining = 0;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            if (remaining == 0) {
                finish();
            } else {
                state = State.LENGTH_BODY;
            }
        } else {
            state = State.CLOSE_BODY;
        }
    }

    private void chunkSizeByte(byte b) {
        int digit = Character.digit(b, 16);
        if (digit >= 0 && lineBytes < 15) {
            remaining = remaining * 16 + digit;
            lineBytes++;
        } else if (b == ';' || b == ' ' || b == '\t') {
            state = State.CHUNK_EXTENSION;
        } else if (b == '\n' && lineBytes > 0) {
            endChunkSize();
        } else if (b != '\r') {
            fail("bad chunk size");
        }
    }

    private void endChunkSize() {
        if (remaining == 0) {
            state = State.TRAILER;
            trailerLineEmpty = true;
        } else {
            state = State.CHUNK_DATA;
        }
    }

    private void finish() {
        state = State.DONE;
        listener.onResponseEnd();
    }

    /** Stops reading: the listener ended the stream, nothing more is read. */
    void stop() {
        state = State.DONE;
    }

    private boolean fail(String problem) {
        state = State.DONE;
        listener.onResponseError(problem);
        return false;
    }

    /** Index of the value (leading spaces skipped) when the kept line is {@code name: value}, else -1. */
    private int valueAfter(String name, int length) {
        if (length <= name.length() || header[name.length()] != ':') {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.toLowerCase(header[i]) != name.charAt(i)) {
                return -1;
            }
        }
        int value = name.length() + 1;
        while (value < length && (header[value] == ' ' || header[value] == '\t')) {
            value++;
        }
        return value;
    }

    private boolean startsWithIgnoringCase(int from, int length, String prefix) {
        if (length - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase(header[from + i]) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean containsIgnoringCase(int from, int length, String word) {
        for (int start = from; start + word.length() <= length; start++) {
            if (startsWithIgnoringCase(start, length, word)) {
                return true;
            }
        }
        return false;
    }
}
