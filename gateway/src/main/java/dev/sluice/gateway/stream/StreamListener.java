package dev.sluice.gateway.stream;

/**
 * Told about each stream's milestones, for metrics and the access log. Calls come on the stream's
 * event loop, {@link #firstEventSent} on the path of a stream's first write, so implementations must
 * neither block nor allocate per call.
 */
public interface StreamListener {
    /** A listener that ignores everything. */
    StreamListener NONE = new StreamListener() {
    };

    /**
     * The stream handed its first event to the connection.
     *
     * @param nanosSinceOpen time from the stream being accepted to that first event
     */
    default void firstEventSent(StreamHandle stream, long nanosSinceOpen) {
    }

    /**
     * The stream ended; {@link StreamHandle#outcome()}, its event and byte counts are final.
     *
     * @param durationNanos time from the stream being accepted to its end
     */
    default void streamEnded(StreamHandle stream, long durationNanos) {
    }

    /** A stream was refused (at capacity or draining) before it started; it has no handle. */
    default void streamRefused(String method, String path) {
    }

    /** Tells both listeners, {@code first} first. */
    static StreamListener both(StreamListener first, StreamListener second) {
        return new StreamListener() {
            @Override
            public void firstEventSent(StreamHandle stream, long nanosSinceOpen) {
                first.firstEventSent(stream, nanosSinceOpen);
                second.firstEventSent(stream, nanosSinceOpen);
            }

            @Override
            public void streamEnded(StreamHandle stream, long durationNanos) {
                first.streamEnded(stream, durationNanos);
                second.streamEnded(stream, durationNanos);
            }

            @Override
            public void streamRefused(String method, String path) {
                first.streamRefused(method, path);
                second.streamRefused(method, path);
            }
        };
    }
}
