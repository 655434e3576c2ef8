package dev.sluice.gateway.bus;

import java.util.List;

/**
 * Where the bus delivers a channel's messages on this node: the node's one subscription per channel,
 * which fans them out to every local subscriber. Calls may come on any thread; they come one at a time
 * and in {@code seq} order for one channel.
 */
public interface BusSink {

    /** Messages in order; never a {@code seq} twice, never one lower than one delivered before. */
    void deliver(List<BusDelivery> messages);

    /**
     * The bus has delivered what it retained of the channel before this subscription (nothing, for the
     * in-process bus); from now on only new messages follow. Replay requests wait until this call.
     */
    void caughtUp();

    /** The bus cannot be reached; subscribers keep their connections and heartbeats (SPEC section 12). */
    default void unavailable() {
    }

    /** The bus is back; what was published meanwhile follows through {@link #deliver}. */
    default void available() {
    }
}
