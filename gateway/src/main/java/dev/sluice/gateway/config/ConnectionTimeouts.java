package dev.sluice.gateway.config;

/**
 * How long a connection may hold the gateway's attention without progress. Both exist because a
 * connection costs a file descriptor and memory whether or not it does anything, and a gateway has a
 * fixed number of descriptors (SPEC section 8).
 *
 * @param requestTimeoutMs time from a request's first byte to its last (headers and body); then 408
 *     and close. Stops slowloris clients that trickle a request to hold a connection forever.
 * @param idleTimeoutMs time a keep-alive connection may sit with no request and no stream in progress
 *     before it is closed. Never applies while a response or stream is being written.
 */
public record ConnectionTimeouts(long requestTimeoutMs, long idleTimeoutMs) {
}
