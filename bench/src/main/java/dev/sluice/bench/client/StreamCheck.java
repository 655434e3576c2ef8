package dev.sluice.bench.client;

import dev.sluice.bench.sse.SseEvent;
import dev.sluice.bench.sse.SseEventBytes;

/**
 * The checks every stream must pass, event by event: ids 1, 2, 3, ... in order; {@code stage} events
 * then one {@code complete} as the last (and, when the count is known, exactly the expected number);
 * data a JSON object whose {@code seq} equals the id; never an {@code error} event. A stream relayed by
 * Sluice's sidecar mode starts with the gateway's own event ({@code id: 1}, {@code stage}, stageId
 * {@code accepted}, seq 1), and the upstream's stream, ids and seqs its own, follows it under the same
 * checks. One instance per stream; not thread-safe.
 */
public final class StreamCheck {

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

    /** Checks the next event (a string form, for tests and callers without bytes). */
    public Verdict onEvent(SseEvent event) {
        return onEvent(SseEventBytes.of(event));
    }

    /** Checks the next event, reading its bytes without allocating unless the event is invalid. */
    public Verdict onEvent(SseEventBytes event) {
        if (awaitingAccepted) {
            awaitingAccepted = false;
            return checkAccepted(event);
        }
        seen++;
        if (complete) {
            return invalid("event after complete: " + event.typeText());
        }
        // An error event is numbered by whoever sent it (a relaying gateway continues its own ids): say what it says.
        if (event.typeIs("error")) {
            return invalid("error event: " + event.dataText());
        }
        if (event.idAsLong() != seen) {
            return invalid("event " + seen + " has id '" + event.idText() + "'");
        }
        boolean last = expectedEvents > 0 ? seen == expectedEvents : event.typeIs("complete");
        String wanted = last ? "complete" : "stage";
        if (!event.typeIs(wanted)) {
            return invalid("event " + seen + " is '" + event.typeText() + "', expected '" + wanted + "'");
        }
        if (expectedEvents > 0 && seen > expectedEvents) {
            return invalid("more than " + expectedEvents + " events");
        }
        long seq = JsonObjectScan.topLevelLong(event.dataArray(), event.dataLength(), "seq");
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

    private Verdict checkAccepted(SseEventBytes event) {
        if (event.idAsLong() != 1 || event.idLength() != 1 || !event.typeIs("stage")) {
            return invalid("relayed stream opens with id '" + event.idText() + "' event '" + event.typeText()
                    + "', expected id 1 'stage' (accepted)");
        }
        if (JsonObjectScan.topLevelLong(event.dataArray(), event.dataLength(), "seq") != 1
                || !JsonObjectScan.topLevelStringIs(event.dataArray(), event.dataLength(), "stageId", "accepted")) {
            return invalid("relayed stream opens with " + event.dataText() + ", expected stageId accepted, seq 1");
        }
        return Verdict.CONTINUE;
    }

    private Verdict invalid(String why) {
        problem = why;
        return Verdict.INVALID;
    }
}
