package dev.sluice.gateway.upstream;

/**
 * How long the gateway waits on an upstream and how much of its answer it will hold.
 *
 * <p>The first-byte timeout is long by default because the point of a sidecar is an app server that
 * takes seconds to answer; heartbeats keep the client's connection alive meanwhile. The idle timeout
 * only runs while the gateway is waiting for upstream bytes, never while it has paused reading
 * because the client is slow, so a slow client is never blamed on the upstream.
 *
 * @param connectTimeoutMs time to establish the TCP connection
 * @param firstByteTimeoutMs time from sending the request to the response head
 * @param idleTimeoutMs longest silence of the upstream in the middle of a response
 * @param maxEventBytes largest single event, NDJSON line or JSON document relayed; beyond it the
 *     stream fails with {@code upstream_protocol}, so no upstream can make the gateway hold more
 * @param maxConnections connections per upstream address per gateway process, split across the event
 *     loops ({@link UpstreamPools}); 0: unbounded
 * @param maxIdleConnections idle pooled connections kept per upstream address per gateway process, split
 *     the same way; 0: unbounded (idle ones still close after 30 s)
 */
public record UpstreamLimits(long connectTimeoutMs, long firstByteTimeoutMs, long idleTimeoutMs, int maxEventBytes,
        int maxConnections, int maxIdleConnections) {
}
