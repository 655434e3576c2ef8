package dev.sluice.gateway.stream;

/**
 * What a stream does when one of its {@link StreamTimers} deadlines arrives. Every call comes on the
 * stream's own event loop, between whatever else that loop runs, so the stream is never in the middle
 * of writing an event when it is called: an answer written here can never cut an event in half.
 *
 * <p>The stage producer implements it, and so can any other stream (a sidecar relay) that wants
 * heartbeats, the slow-client policy, the duration limit and graceful shutdown without timers of its
 * own.
 */
public interface TimedStream {

    /**
     * Nothing has been written for the heartbeat interval and the client is keeping up: write a
     * comment (SPEC section 3: {@code : ping}) so proxies and clients see the stream is alive.
     */
    void heartbeatDue();

    /**
     * The connection has stayed unwritable (over its high water mark) for longer than the slow-client
     * timeout: close the connection and end the stream as {@link StreamOutcome#SLOW_CLIENT}. The watch
     * is already cancelled.
     */
    void slowClientTimedOut();

    /**
     * The stream has run for the maximum stream duration: end it with an {@code error} event (code
     * {@code max_duration}) and a clean end. The watch is already cancelled.
     */
    void maxDurationReached();

    /**
     * The gateway is shutting down and the drain deadline has passed: write the {@code retry:} hint,
     * an {@code error} event (code {@code shutdown}) and a clean end, and end the stream as
     * {@link StreamOutcome#DRAINED}. The watch is already cancelled.
     *
     * @param retryHintMs the reconnection delay to advertise, already spread per stream
     */
    void shutdown(long retryHintMs);
}
