package dev.sluice.gateway.log;

/**
 * A log a subscriber can (re)subscribe to from a position: a stage job, or a channel by name. An
 * {@link SseSubscriber} that paused for a slow connection subscribes again after the last event it
 * wrote once the connection drains, so it never holds more than a connection's worth of unsent bytes.
 */
@FunctionalInterface
public interface LogSource {
    /**
     * Subscribes {@code subscriber} (called on its own loop) to the events after {@code afterSeq}
     * ({@code -1}: live only); it is answered through {@link Subscriber#started}, maybe before this
     * returns.
     */
    Subscription subscribe(Subscriber subscriber, long afterSeq);
}
