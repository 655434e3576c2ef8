package dev.sluice.bench.sse;

/** Receives what {@link SseParser} finds in a byte stream, in wire order. */
public interface SseListener {

    /**
     * A complete event (a blank line ended a block that had at least one {@code data} line), as bytes the
     * parser reuses after this returns. A listener on a hot path reads it without allocating; the
     * default hands a string copy to {@link #onEvent(SseEvent)}.
     */
    default void onEvent(SseEventBytes event) {
        onEvent(event.toEvent());
    }

    /** A complete event as strings (what {@link #onEvent(SseEventBytes)} delivers unless overridden). */
    void onEvent(SseEvent event);

    /** A comment line such as {@code : ping}; the text after the colon and one optional space. */
    default void onComment(String comment) {
    }

    /** A valid {@code retry:} field (ASCII digits only), in milliseconds. */
    default void onRetry(long millis) {
    }
}
