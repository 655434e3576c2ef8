package dev.sluice.gateway.channel;

import dev.sluice.gateway.bus.BusMessage;
import dev.sluice.gateway.bus.ChannelHomes;
import dev.sluice.gateway.bus.EventBus;
import dev.sluice.gateway.log.SubscribeAnswer;
import dev.sluice.gateway.log.Subscriber;
import dev.sluice.gateway.log.Subscription;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * This node's channels (SPEC section 9): where publishers publish and subscribers subscribe, by
 * channel name. A channel opens on its first publish or subscriber, subscribes once to the
 * {@link EventBus}, and closes (its log freed) after {@link ChannelLimits#idleMs()} with neither.
 *
 * <p>The map of channels is the only structure shared between loops; each channel's state lives on its
 * home loop ({@link ChannelHomes}), and both entry points hand their work over there with
 * {@code execute}.
 */
public final class ChannelHub {
    private final ChannelHomes homes;
    private final EventBus bus;
    private final ChannelLimits limits;
    private final ByteBufAllocator alloc;
    private final ChannelStats stats = new ChannelStats();
    private final ConcurrentMap<String, ChannelTopic> topics = new ConcurrentHashMap<>();

    public ChannelHub(ChannelHomes homes, EventBus bus, ChannelLimits limits, ByteBufAllocator alloc) {
        this.homes = homes;
        this.bus = bus;
        this.limits = limits;
        this.alloc = alloc;
    }

    public ChannelLimits limits() {
        return limits;
    }

    public ChannelStats stats() {
        return stats;
    }

    /** Channels open on this node now. */
    public int channels() {
        return topics.size();
    }

    /**
     * Publishes {@code messages} to {@code channel} in order, from any thread. Completes with their ids
     * once the bus has them, or exceptionally with {@link ChannelRefusedException} (channel limit) or
     * {@link dev.sluice.gateway.bus.BusUnavailableException}; on whatever thread finished the work, so
     * a caller answering a client hands the answer to its own loop.
     *
     * <p>This is the entry point for every producer of channel events: the publish API, GRIP's
     * {@code /publish/} (with {@link BusMessage#raw} items) and anything embedded.
     */
    public CompletionStage<long[]> publish(String channel, List<BusMessage> messages) {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        EventExecutor home = homes.homeOf(channel);
        home.execute(() -> {
            try {
                openTopic(channel).touch();
            } catch (ChannelRefusedException refused) {
                done.completeExceptionally(refused);
                return;
            }
            bus.publish(channel, messages).whenComplete((ids, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                } else {
                    done.complete(ids);
                }
            });
        });
        return done;
    }

    /**
     * Subscribes {@code subscriber} (called on its own loop) to {@code channel}: it is answered on its
     * loop with the events after {@code afterSeq} ({@code -1}: none, live only), a reset, or a refusal.
     *
     * @return the handle the subscriber cancels when its response ends
     */
    public Subscription subscribe(String channel, long afterSeq, Subscriber subscriber) {
        ChannelTopic topic;
        try {
            topic = openTopic(channel);
        } catch (ChannelRefusedException refused) {
            subscriber.started(SubscribeAnswer.refused(refused.code(), refused.getMessage()));
            return Subscription.NONE;
        }
        ChannelSubscription subscription = new ChannelSubscription(topic, subscriber);
        topic.home().execute(() -> topic.attach(subscription, afterSeq));
        return subscription;
    }

    /** A subscription reached a channel that had just closed for idleness: open it again. */
    void attachAgain(String channel, ChannelSubscription subscription, long afterSeq) {
        ChannelTopic topic;
        try {
            topic = openTopic(channel);
        } catch (ChannelRefusedException refused) {
            Subscriber subscriber = subscription.subscriber();
            subscriber.executor().execute(() -> subscriber.started(
                    SubscribeAnswer.refused(refused.code(), refused.getMessage())));
            return;
        }
        subscription.moveTo(topic);
        topic.home().execute(() -> topic.attach(subscription, afterSeq));
    }

    private ChannelTopic openTopic(String channel) {
        ChannelTopic topic = topics.get(channel);
        if (topic != null) {
            return topic;
        }
        if (topics.size() >= limits.maxChannels()) {
            throw new ChannelRefusedException("too_many_channels",
                    "the gateway has its limit of " + limits.maxChannels() + " channels open");
        }
        return topics.computeIfAbsent(channel, name -> {
            ChannelTopic created = new ChannelTopic(this, name, homes.homeOf(name),
                    new ChannelLog(limits.replayEvents(), limits.replayBytes()), alloc);
            created.open(bus.subscribe(name, created));
            return created;
        });
    }

    void closed(ChannelTopic topic) {
        topics.remove(topic.name(), topic);
    }

    /** Closes every channel and frees its log, each on its home loop; for shutdown and tests. */
    public void closeAll() {
        for (ChannelTopic topic : topics.values()) {
            if (topics.remove(topic.name(), topic)) {
                topic.home().execute(topic::close);
            }
        }
    }
}
