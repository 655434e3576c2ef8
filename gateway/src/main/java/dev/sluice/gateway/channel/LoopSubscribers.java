package dev.sluice.gateway.channel;

import dev.sluice.gateway.log.LogEvent;
import io.netty.util.concurrent.EventExecutor;
import java.util.Arrays;
import java.util.List;

/**
 * One channel's subscribers on one event loop. The array is touched only on {@link #loop}; the count
 * only on the channel's home loop (which needs it for limits and to know when to stop sending here).
 * A publish reaches the loop as one task for all of them ({@link #fanOut}).
 */
final class LoopSubscribers {
    final EventExecutor loop;
    /** Home loop only: subscriptions counted for this loop, active or on their way. */
    int count;
    private ChannelSubscription[] subscriptions = new ChannelSubscription[4];
    private int size;

    LoopSubscribers(EventExecutor loop) {
        this.loop = loop;
    }

    void add(ChannelSubscription subscription) {
        if (size == subscriptions.length) {
            subscriptions = Arrays.copyOf(subscriptions, size * 2);
        }
        subscription.index = size;
        subscriptions[size++] = subscription;
    }

    /** Swaps the last subscription into the removed one's slot. */
    void remove(ChannelSubscription subscription) {
        int at = subscription.index;
        ChannelSubscription moved = subscriptions[--size];
        subscriptions[at] = moved;
        moved.index = at;
        subscriptions[size] = null;
        subscription.index = -1;
    }

    /**
     * A task for {@link #loop} that delivers {@code events} (references it owns and releases) to every
     * subscriber here.
     */
    Runnable fanOut(List<LogEvent> events) {
        return () -> {
            try {
                // Backwards: a subscriber ended by this very delivery (a closing event) is swapped with
                // the last one, which was already served.
                for (int i = size - 1; i >= 0; i--) {
                    if (i < size) {
                        subscriptions[i].subscriber().deliver(events);
                    }
                }
            } finally {
                events.forEach(LogEvent::release);
            }
        };
    }
}
