package dev.sluice.bench.resume;

import dev.sluice.bench.sse.SseEvent;

/**
 * Checks one resumed stage stream across all its connections (SPEC 8): every event id is
 * {@code <streamId>:<seq>} with one stream id throughout, the seqs run 1..N exactly once each (a
 * reconnect with {@code Last-Event-ID} continues right after the last one seen: nothing replayed twice,
 * nothing skipped), the data's {@code seq} and {@code streamId} agree with the id, events 1..N−1 are
 * {@code stage} and event N is {@code complete}.
 */
public final class ResumeCheck {

    /** What one event meant. */
    public enum Verdict {
        /** Valid; more expected. */
        CONTINUE,
        /** The valid {@code complete} event. */
        COMPLETE,
        /** The stream broke the contract; {@link #problem()} says how. */
        INVALID
    }

    private final int expectedEvents;
    private String streamId;
    private long lastSeq;
    private String lastEventId;
    private String problem;

    /** A check for streams of {@code expectedEvents} events (stages + 1). */
    public ResumeCheck(int expectedEvents) {
        this.expectedEvents = expectedEvents;
    }

    /** Checks the next event, whichever connection it came on. */
    public Verdict onEvent(SseEvent event) {
        if (problem != null) {
            return Verdict.INVALID;
        }
        if ("error".equals(event.type())) {
            return fail("error event after seq " + lastSeq + ": " + event.data());
        }
        String id = event.id();
        int colon = id.lastIndexOf(':');
        long seq = colon < 1 ? -1 : parseSeq(id.substring(colon + 1));
        if (seq < 0) {
            return fail("event id '" + id + "' is not <streamId>:<seq>");
        }
        String stream = id.substring(0, colon);
        if (streamId == null) {
            streamId = stream;
        } else if (!streamId.equals(stream)) {
            return fail("stream id changed from " + streamId + " to " + stream + " (a new job?)");
        }
        if (seq != lastSeq + 1) {
            return fail(seq <= lastSeq ? "seq " + seq + " again after " + lastSeq
                    : "seqs " + (lastSeq + 1) + ".." + (seq - 1) + " skipped (got " + seq + ")");
        }
        if (seq > expectedEvents) {
            return fail("seq " + seq + " beyond the stream's " + expectedEvents + " events");
        }
        if (numberField(event.data(), "\"seq\":") != seq || !event.data().contains("\"streamId\":\"" + stream + "\"")) {
            return fail("event " + id + " carries other data: " + event.data());
        }
        boolean last = seq == expectedEvents;
        String wanted = last ? "complete" : "stage";
        if (!wanted.equals(event.type())) {
            return fail("event " + id + " is '" + event.type() + "', expected '" + wanted + "'");
        }
        lastSeq = seq;
        lastEventId = id;
        return last ? Verdict.COMPLETE : Verdict.CONTINUE;
    }

    /** The id to send as {@code Last-Event-ID} on the next reconnect (null before any event). */
    public String lastEventId() {
        return lastEventId;
    }

    /** The last valid seq (0 before any). */
    public long lastSeq() {
        return lastSeq;
    }

    /** Whether the {@code complete} event has been seen. */
    public boolean complete() {
        return lastSeq == expectedEvents && problem == null;
    }

    /** The first problem, or null. */
    public String problem() {
        return problem;
    }

    private Verdict fail(String why) {
        problem = why;
        return Verdict.INVALID;
    }

    private static long parseSeq(String digits) {
        if (digits.isEmpty() || digits.length() > 9) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static long numberField(String data, String key) {
        int at = data.indexOf(key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length();
        int end = i;
        while (end < data.length() && Character.isDigit(data.charAt(end))) {
            end++;
        }
        return end == i ? -1 : parseSeq(data.substring(i, end));
    }
}
