package dev.sluice.bench.fanout;

import dev.sluice.bench.sse.SseEvent;

/**
 * Checks one channel subscriber's events: every event is a {@code tick} whose data carries an
 * {@link EventStamp}, and the numbers run consecutively, with none twice, none skipped and none out of
 * order. A subscriber may join while the warm-up events are being published, so its first event may be
 * any of 1..{@code firstMeasured}; from then on it must see every event up to {@code last}.
 */
public final class SubscriberCheck {

    /** What one event meant for the subscriber. */
    public enum Verdict {
        /** A valid event; more are expected. */
        NEXT,
        /** The valid last event: the subscriber has everything. */
        DONE,
        /** The stream broke the contract; {@link #problem()} says how. */
        INVALID
    }

    private final long firstMeasured;
    private final long last;
    private long previous;
    private String problem;

    /**
     * @param firstMeasured the first event number that counts (warm-up events are 1..firstMeasured−1)
     * @param last          the last event number published on the channel
     */
    public SubscriberCheck(long firstMeasured, long last) {
        this.firstMeasured = firstMeasured;
        this.last = last;
    }

    /** Checks {@code event}; {@code stamp} is its parsed data (null when unparseable). */
    public Verdict onEvent(SseEvent event, EventStamp stamp) {
        if (problem != null) {
            return Verdict.INVALID;
        }
        if (!"tick".equals(event.type())) {
            return fail("unexpected event '" + event.type() + "' after event " + previous
                    + ("reset".equals(event.type()) ? " (the target says events were missed)" : ""));
        }
        if (stamp == null) {
            return fail("event data without n and at: " + abbreviate(event.data()));
        }
        long n = stamp.n();
        if (previous == 0) {
            if (n < 1 || n > firstMeasured) {
                return fail("first event was " + n + ", expected one of 1.." + firstMeasured);
            }
        } else if (n != previous + 1) {
            return fail(n <= previous ? "event " + n + " again or out of order after " + previous
                    : "events " + (previous + 1) + ".." + (n - 1) + " missing (got " + n + ")");
        }
        if (n > last) {
            return fail("event " + n + " beyond the last published (" + last + ")");
        }
        previous = n;
        return n == last ? Verdict.DONE : Verdict.NEXT;
    }

    /** The last valid event number seen (0 before any). */
    public long previous() {
        return previous;
    }

    /** Why the stream is invalid, or null. */
    public String problem() {
        return problem;
    }

    private Verdict fail(String why) {
        problem = why;
        return Verdict.INVALID;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
