package dev.sluice.gateway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A client-side {@code text/event-stream} parser following the WHATWG rules (lines end in CRLF, CR
 * or LF; a blank line dispatches; a leading colon marks a comment; one space after the colon is
 * dropped), fed incrementally as text arrives. Tests use it to see events the way a browser would,
 * independently of the gateway's encoder. Stricter than a browser in one way: a field name the
 * gateway never sends fails the test instead of being ignored, so injected fields cannot slip by, and
 * so does a {@code retry} that is not a number. A CR at the end of one piece of text and an LF at the
 * start of the next are one line end; the last event id persists from event to event; an {@code id}
 * containing NUL is ignored. Not thread-safe.
 */
public final class SseParser {
    private final LongSupplier clock;
    private final StringBuilder line = new StringBuilder();
    private final List<String> comments = new ArrayList<>();
    private final List<Long> retries = new ArrayList<>();
    private boolean lastWasCr;
    private String id;
    private String event;
    private StringBuilder data;

    /** A parser stamping each event with {@link System#nanoTime()} when it completes. */
    public SseParser() {
        this(System::nanoTime);
    }

    public SseParser(LongSupplier clock) {
        this.clock = clock;
    }

    /** Feeds more text and returns the events it completed, in order. */
    public List<ReceivedEvent> feed(CharSequence text) {
        List<ReceivedEvent> done = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' && lastWasCr) {
                lastWasCr = false;
                continue;
            }
            lastWasCr = c == '\r';
            if (c == '\r' || c == '\n') {
                endLine(done);
            } else {
                line.append(c);
            }
        }
        return done;
    }

    /** Every comment seen so far, without the leading colon and space. */
    public List<String> comments() {
        return comments;
    }

    /** Every {@code retry} value seen so far. */
    public List<Long> retries() {
        return retries;
    }

    /** True when no partial line or event is buffered. */
    public boolean isIdle() {
        return line.length() == 0 && data == null && event == null;
    }

    private void endLine(List<ReceivedEvent> done) {
        String text = line.toString();
        line.setLength(0);
        if (text.isEmpty()) {
            if (data != null) {
                done.add(new ReceivedEvent(id, event, data.toString(), clock.getAsLong()));
            }
            data = null;
            event = null;
            return;
        }
        int colon = text.indexOf(':');
        if (colon == 0) {
            comments.add(text.startsWith(": ") ? text.substring(2) : text.substring(1));
            return;
        }
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id":
                // As a browser does (HTML standard, "interpret an event stream"): an id with NUL is ignored.
                if (value.indexOf('\0') < 0) {
                    id = value;
                }
                break;
            case "event":
                event = value;
                break;
            case "data":
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
                break;
            case "retry":
                // A browser ignores a retry that is not all digits; the gateway never sends one.
                if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new AssertionError("retry that is not a number in line: " + text);
                }
                retries.add(Long.parseLong(value));
                break;
            default:
                throw new AssertionError("unknown SSE field '" + field + "' in line: " + text);
        }
    }
}
