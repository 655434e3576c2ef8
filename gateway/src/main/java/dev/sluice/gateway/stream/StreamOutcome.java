package dev.sluice.gateway.stream;

import java.util.Locale;

/** How a stream ended; the label is the {@code outcome} value in metrics and the access log. */
public enum StreamOutcome {
    /** Every event was sent and the last chunk written. */
    COMPLETED,
    /** The client closed the connection before the end. */
    CLIENT_GONE,
    /** The stream failed and ended with an {@code error} event. */
    ERROR,
    /** The client stopped reading for too long and was disconnected. */
    SLOW_CLIENT,
    /** The stream was refused before it started (capacity or draining). */
    REJECTED,
    /** The gateway was shutting down and ended the stream with a final event. */
    DRAINED;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
