package dev.sluice.bench.sse;

/** Receives what {@link SseParser} finds in a byte stream, in wire order. */
public interface SseListener {

    /** A complete event (a blank line ended a block that had at least one {@code data} line). */
    void onEvent(SseEvent event);

    /** A comment line such as {@code : ping}; the text after the colon and one optional space. */
    default void onComment(String comment) {
    }

    /** A valid {@code retry:} field (ASCII digits only), in milliseconds. */
    default void onRetry(long millis) {
    }
}
