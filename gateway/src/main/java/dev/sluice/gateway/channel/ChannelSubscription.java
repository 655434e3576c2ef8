package dev.sluice.gateway.channel;

import dev.sluice.gateway.log.SubscribeAnswer;
import dev.sluice.gateway.log.Subscriber;
import dev.sluice.gateway.log.Subscription;

/**
 * One subscriber's place in a channel. Lives on the subscriber's loop: it becomes active there when
 * the home loop's answer arrives ({@link #activate}), and a cancel there removes it from the loop's
 * list and tells the home loop.
 */
final class ChannelSubscription implements Subscription {
    private ChannelTopic topic;
    private final Subscriber subscriber;
    private LoopSubscribers loopSubscribers;
    private boolean active;
    private boolean cancelled;
    int index = -1;

    ChannelSubscription(ChannelTopic topic, Subscriber subscriber) {
        this.topic = topic;
        this.subscriber = subscriber;
    }

    /** Home loop, before activation: the channel was closed and opened again as {@code topic}. */
    void moveTo(ChannelTopic topic) {
        this.topic = topic;
    }

    Subscriber subscriber() {
        return subscriber;
    }

    /** On the subscriber's loop: joins the loop's list, then gives the subscriber its answer. */
    void activate(LoopSubscribers loop, SubscribeAnswer answer) {
        try {
            loopSubscribers = loop;
            if (cancelled) {
                topic.detached(loop);
                return;
            }
            active = true;
            loop.add(this);
            subscriber.started(answer);
        } finally {
            answer.release();
        }
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        if (active) {
            active = false;
            loopSubscribers.remove(this);
            topic.detached(loopSubscribers);
        }
    }
}
