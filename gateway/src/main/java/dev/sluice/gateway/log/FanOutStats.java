package dev.sluice.gateway.log;

/**
 * Told what subscribers delivered and how many were dropped, for the channel metrics. Called on
 * subscribers' loops, so implementations use striped counters and never block.
 */
public interface FanOutStats {
    FanOutStats NONE = new FanOutStats() {
    };

    /** {@code events} events were handed to one subscriber's connection. */
    default void delivered(int events) {
    }

    /** A subscriber fell too far behind and was dropped by the slow-client policy. */
    default void dropped() {
    }
}
