package dev.sluice.bench.client;

import dev.sluice.bench.stats.FailureReason;

/**
 * How a stream ended: completed, left on purpose, or failed for a reason.
 *
 * @param kind   the kind of end
 * @param reason the failure reason when {@code kind} is FAILED, else null
 * @param detail a human note for failures (null otherwise)
 */
public record StreamOutcome(Kind kind, FailureReason reason, String detail) {

    /** The kinds of end. */
    public enum Kind {
        /** Ended with a valid {@code complete} and the end of the response. */
        COMPLETED,
        /** The client closed it on purpose (churn). */
        LEFT,
        /** Any failure. */
        FAILED
    }

    /** A completed stream. */
    public static final StreamOutcome COMPLETED = new StreamOutcome(Kind.COMPLETED, null, null);

    /** A stream the client left. */
    public static final StreamOutcome LEFT = new StreamOutcome(Kind.LEFT, null, null);

    /** A failure. */
    public static StreamOutcome failed(FailureReason reason, String detail) {
        return new StreamOutcome(Kind.FAILED, reason, detail);
    }
}
