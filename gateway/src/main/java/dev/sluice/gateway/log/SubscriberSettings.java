package dev.sluice.gateway.log;

import dev.sluice.gateway.sse.SseEventEncoder;

/**
 * What every {@link SseSubscriber} of one kind shares. Immutable.
 *
 * @param encoder encodes the few events a subscriber writes itself (reset, error, retry hints)
 * @param retryMs the {@code retry:} hint written after the response head
 * @param maxLagBytes most bytes a subscriber may have queued unsent on a connection that is not
 *     writable; beyond, it is dropped as a slow client at once instead of when the slow-client timeout
 *     runs out, so a fast publisher cannot make one stalled reader hold memory without bound
 * @param stats counts deliveries and drops
 */
public record SubscriberSettings(SseEventEncoder encoder, long retryMs, long maxLagBytes, FanOutStats stats) {

    /** The {@code Retry-After} of a refused subscription, in whole seconds (as for a refused stream). */
    public String retryAfterSeconds() {
        return Long.toString(Math.max(1, (retryMs + 999) / 1000));
    }
}
