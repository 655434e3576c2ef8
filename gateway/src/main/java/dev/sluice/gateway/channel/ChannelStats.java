package dev.sluice.gateway.channel;

import dev.sluice.gateway.log.FanOutStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * The channel metrics (SPEC section 9): channels open, subscribers, events published, events
 * delivered (one per event per subscriber) and subscribers dropped as slow. Striped counters, updated
 * on whichever loop did the work, summed when scraped.
 */
public final class ChannelStats implements FanOutStats {
    private final LongAdder subscribers = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    @Override
    public void delivered(int events) {
        delivered.add(events);
    }

    @Override
    public void dropped() {
        dropped.increment();
    }

    void published(int events) {
        published.add(events);
    }

    void subscribed(int change) {
        subscribers.add(change);
    }

    public long subscribers() {
        return subscribers.sum();
    }

    public long publishedEvents() {
        return published.sum();
    }

    public long deliveredEvents() {
        return delivered.sum();
    }

    public long droppedSubscribers() {
        return dropped.sum();
    }
}
