package dev.sluice.gateway.bus;

/** The node's subscription to one channel; closed when the channel has been idle long enough. */
@FunctionalInterface
public interface BusSubscription {
    /** Stops deliveries to the sink; safe to call more than once, from any thread. */
    void close();
}
