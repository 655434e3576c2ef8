package dev.sluice.gateway.bus;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Carries channel events (SPEC section 9) between publishers and this node's subscribers, so that the
 * same code serves one process ({@link InProcessBus}) or many sharing a broker (SPEC section 12).
 *
 * <p><b>Ids.</b> The bus gives each message its position in its channel, a {@code long} starting at 1
 * ({@link BusDelivery#seq()}); the gateway writes it as the event's SSE id and replays after it. A
 * Redis Streams bus can keep exactly these numbers as stream ids {@code 0-<seq>} (INCR and XADD with
 * an explicit id in one script), so ids are the same on every node and a client may resume anywhere.
 *
 * <p><b>One subscription per channel per node.</b> The gateway calls {@link #subscribe} once for a
 * channel that has local subscribers or publishers, and fans each delivery out to them itself.
 */
public interface EventBus extends AutoCloseable {

    /**
     * Opens this node's subscription to {@code channel}: the bus first delivers the messages it retains
     * for the channel, then calls {@link BusSink#caughtUp()}, then delivers each message as it is
     * published (by any node), in order.
     */
    BusSubscription subscribe(String channel, BusSink sink);

    /**
     * Appends {@code messages} to {@code channel} in order. Asynchronous: completes with their
     * positions once the bus has them (after which every subscriber, here or elsewhere, will get them),
     * or exceptionally with {@link BusUnavailableException}. Never blocks the caller.
     */
    CompletionStage<long[]> publish(String channel, List<BusMessage> messages);

    @Override
    default void close() {
    }
}
