package dev.sluice.bench.stats;

/** Why a stream did not end with its {@code complete} event. */
public enum FailureReason {
    /** The TCP connection could not be opened (refused, reset during connect, no local port, too many files). */
    CONNECT,
    /** The response status was not 200. */
    STATUS,
    /** The stream had not ended by its deadline (intended start + expected duration + slack). */
    TIMEOUT,
    /** The connection or the response ended before {@code complete}. */
    TRUNCATED,
    /** Wrong content type, events out of order, wrong ids or count, an {@code error} event, bad JSON. */
    PROTOCOL;

    /** The lower-case name used in reports. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
