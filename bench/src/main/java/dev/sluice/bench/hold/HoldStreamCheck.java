package dev.sluice.bench.hold;

import dev.sluice.bench.sse.SseEvent;

/**
 * Checks one stream that an app server produced behind Sluice, relayed (SPEC 4) or held (SPEC 10): an
 * optional leading {@code accepted} event of the gateway's, then the app's events by the {@code seq} in
 * their data: {@code stage} 1..N−1 and {@code complete} N, each exactly once and in order, all of one
 * {@code streamId}. Ids are the gateway's business (relayed ids, channel ids) and only have to be present.
 */
public final class HoldStreamCheck {

    /** What an event meant. */
    public enum Verdict {
        /** Valid; more expected. */
        CONTINUE,
        /** The valid {@code complete}. */
        COMPLETE,
        /** Broken; {@link #problem()} says how. */
        INVALID
    }

    private final int events;
    private boolean first = true;
    private long lastSeq;
    private String streamId;
    private String problem;

    /** A check for app streams of {@code events} events (stages + 1). */
    public HoldStreamCheck(int events) {
        this.events = events;
    }

    /** Checks the next event; {@code isAccepted} tells whether it is the gateway's own first event. */
    public Verdict onEvent(SseEvent event) {
        if (problem != null) {
            return Verdict.INVALID;
        }
        boolean opening = first;
        first = false;
        if (opening && "stage".equals(event.type()) && event.data().contains("\"stageId\":\"accepted\"")) {
            return Verdict.CONTINUE;
        }
        if ("error".equals(event.type())) {
            return fail("error event after app seq " + lastSeq + ": " + event.data());
        }
        if (lastSeq == events) {
            return fail("event after complete: " + event.type());
        }
        long seq = seqOf(event.data());
        if (seq != lastSeq + 1) {
            return fail(seq < 0 ? "event without a seq: " + event.data()
                    : seq <= lastSeq ? "app seq " + seq + " again after " + lastSeq
                    : "app seqs " + (lastSeq + 1) + ".." + (seq - 1) + " missing (got " + seq + ")");
        }
        String id = streamIdOf(event.data());
        if (streamId == null) {
            streamId = id;
        } else if (!streamId.equals(id)) {
            return fail("streamId changed from " + streamId + " to " + id);
        }
        String wanted = seq == events ? "complete" : "stage";
        if (!wanted.equals(event.type())) {
            return fail("app seq " + seq + " is '" + event.type() + "', expected '" + wanted + "'");
        }
        lastSeq = seq;
        return seq == events ? Verdict.COMPLETE : Verdict.CONTINUE;
    }

    /** Whether {@code complete} was seen. */
    public boolean complete() {
        return problem == null && lastSeq == events;
    }

    /** The last app seq seen. */
    public long lastSeq() {
        return lastSeq;
    }

    /** The first problem, or null. */
    public String problem() {
        return problem;
    }

    private Verdict fail(String why) {
        problem = why;
        return Verdict.INVALID;
    }

    private static long seqOf(String data) {
        int at = data.indexOf("\"seq\":");
        if (at < 0) {
            return -1;
        }
        int i = at + 6;
        long value = 0;
        int digits = 0;
        while (i < data.length() && Character.isDigit(data.charAt(i)) && digits < 9) {
            value = value * 10 + (data.charAt(i++) - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }

    private static String streamIdOf(String data) {
        int at = data.indexOf("\"streamId\":\"");
        if (at < 0) {
            return "";
        }
        int start = at + 12;
        int end = data.indexOf('"', start);
        return end < 0 ? "" : data.substring(start, end);
    }
}
