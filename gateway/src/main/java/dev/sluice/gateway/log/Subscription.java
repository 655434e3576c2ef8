package dev.sluice.gateway.log;

/**
 * A subscriber's hold on a log. Cancelled from the subscriber's own loop when its response ends; the
 * log hears of it on its own loop. Events already on their way are dropped by the ended subscriber.
 */
@FunctionalInterface
public interface Subscription {
    Subscription NONE = () -> {
    };

    /** Stops deliveries; safe to call more than once. */
    void cancel();
}
