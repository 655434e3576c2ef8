package dev.sluice.gateway.log;

import dev.sluice.gateway.sse.SseEventEncoder;

/**
 * What every {@link SseSubscriber} of one kind shares. Immutable.
 *
 * @param encoder encodes the few events a subscriber writes itself (reset, error, retry hints)
 * @param retryMs the {@code retry:} hint written after the response head
 * @param stats counts deliveries and drops
 */
public record SubscriberSettings(SseEventEncoder encoder, long retryMs, FanOutStats stats) {

    /** The {@code Retry-After} of a refused subscription, in whole seconds (as for a refused stream). */
    public String retryAfterSeconds() {
        return Long.toString(Math.max(1, (retryMs + 999) / 1000));
    }
}
