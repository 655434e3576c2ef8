package dev.sluice.bench.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.bench.sse.SseEvent;

import java.io.IOException;

/**
 * The checks every stream must pass, event by event: ids 1, 2, 3, ... in order; {@code stage} events
 * then one {@code complete} as the last (and, when the count is known, exactly the expected number);
 * data a JSON object whose {@code seq} equals the id; never an {@code error} event. A stream relayed by
 * Sluice's sidecar mode starts with the gateway's own event ({@code id: 1}, {@code stage}, stageId
 * {@code accepted}, seq 1), and the upstream's stream, ids and seqs its own, follows it under the same
 * checks. One instance per stream; not thread-safe.
 */
public final class StreamCheck {

    /** Field names are not interned: every event would otherwise pay a symbol-table lookup per name. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .build();

    /** What an event means for the stream. */
    public enum Verdict {
        /** Valid; more events are due. */
        CONTINUE,
        /** Valid {@code complete}; only the end of the response may follow. */
        COMPLETE,
        /** The stream broke the contract; {@link #problem()} says how. */
        INVALID
    }

    private final int expectedEvents;
    private boolean awaitingAccepted;
    private int seen;
    private boolean complete;
    private String problem;

    /** A check expecting exactly {@code expectedEvents} events, or any number ending in complete when 0. */
    public StreamCheck(int expectedEvents) {
        this(expectedEvents, false);
    }

    /**
     * A check of a stream that, when {@code relayed}, opens with the gateway's {@code accepted} event
     * before the {@code expectedEvents} (or, when 0, any number ending in complete) of the upstream.
     */
    public StreamCheck(int expectedEvents, boolean relayed) {
        this.expectedEvents = expectedEvents;
        this.awaitingAccepted = relayed;
    }

    /** Checks the response head; null when acceptable, otherwise the problem. */
    public static String checkContentType(String contentType) {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
            return "content type " + contentType;
        }
        return null;
    }

    /** Checks the next event. */
    public Verdict onEvent(SseEvent event) {
        if (awaitingAccepted) {
            awaitingAccepted = false;
            return checkAccepted(event);
        }
        seen++;
        if (complete) {
            return invalid("event after complete: " + event.type());
        }
        // An error event is numbered by whoever sent it (a relaying gateway continues its own ids): say what it says.
        if ("error".equals(event.type())) {
            return invalid("error event: " + event.data());
        }
        if (!Integer.toString(seen).equals(event.id())) {
            return invalid("event " + seen + " has id '" + event.id() + "'");
        }
        boolean last = expectedEvents > 0 ? seen == expectedEvents : "complete".equals(event.type());
        String wanted = last ? "complete" : "stage";
        if (!wanted.equals(event.type())) {
            return invalid("event " + seen + " is '" + event.type() + "', expected '" + wanted + "'");
        }
        if (expectedEvents > 0 && seen > expectedEvents) {
            return invalid("more than " + expectedEvents + " events");
        }
        long seq = seqOf(event.data());
        if (seq != seen) {
            return invalid("event " + seen + " carries seq " + seq);
        }
        if (last) {
            complete = true;
            return Verdict.COMPLETE;
        }
        return Verdict.CONTINUE;
    }

    /** Whether {@code complete} has been seen. */
    public boolean isComplete() {
        return complete;
    }

    /** The first problem found, or null. */
    public String problem() {
        return problem;
    }

    private Verdict checkAccepted(SseEvent event) {
        if (!"1".equals(event.id()) || !"stage".equals(event.type())) {
            return invalid("relayed stream opens with id '" + event.id() + "' event '" + event.type()
                    + "', expected id 1 'stage' (accepted)");
        }
        if (seqOf(event.data()) != 1 || !"accepted".equals(stageIdOf(event.data()))) {
            return invalid("relayed stream opens with " + event.data() + ", expected stageId accepted, seq 1");
        }
        return Verdict.CONTINUE;
    }

    private Verdict invalid(String why) {
        problem = why;
        return Verdict.INVALID;
    }

    /** The top-level {@code seq} field of a JSON object; -1 when absent or when the data is not a JSON object. */
    private static long seqOf(String data) {
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            long seq = -1;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("seq".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                    seq = parser.getLongValue();
                } else {
                    parser.skipChildren();
                }
            }
            return token == JsonToken.END_OBJECT && parser.nextToken() == null ? seq : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The top-level {@code stageId} string of a JSON object; null when absent or not a JSON object. */
    private static String stageIdOf(String data) {
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("stageId".equals(name) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
