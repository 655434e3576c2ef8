package dev.sluice.gateway.config;

/**
 * Bounds on what open streams may cost and how long they may run (SPEC section 5). Each limit exists
 * so that no client, and no number of clients, can make the gateway run out of file descriptors or
 * memory, or keep it from shutting down.
 *
 * @param maxStreams most streams open at once; beyond it new streams get {@code 503} with
 *     {@code Retry-After}. The default, 19,000, leaves room for the listening socket, log files and
 *     health checks under a 20,000 open-files limit.
 * @param maxDurationMs longest a stream may run before it is ended with {@code error}
 *     {@code max_duration}; 0 means no limit
 * @param heartbeatIntervalMs quiet time after which a stream sends {@code : ping}; 0 sends none
 * @param slowClientTimeoutMs how long a connection may stay over its high water mark before it is
 *     closed as a slow client; 0 never closes
 * @param writeBufferLowBytes outbound bytes under which a paused stream resumes
 * @param writeBufferHighBytes outbound bytes over which a stream pauses (per connection)
 * @param drainTimeoutMs on shutdown, how long open streams may run on before they are ended
 */
public record StreamLimits(int maxStreams, long maxDurationMs, long heartbeatIntervalMs, long slowClientTimeoutMs,
        int writeBufferLowBytes, int writeBufferHighBytes, long drainTimeoutMs) {
}
