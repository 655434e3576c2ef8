package dev.sluice.gateway.bus;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The bus when the gateway runs alone (no {@code --bus}): messages go straight to this node's
 * subscription. It retains nothing itself; the node's replay log is the only copy.
 *
 * <p>Positions are given on the channel's home loop ({@link ChannelHomes}), which is also where the
 * node's subscription lives, so publishers on any loop are ordered without a lock and delivery needs no
 * further hand-off. A publish to a channel nobody here subscribed to is refused: the gateway always
 * subscribes a channel before publishing to it.
 */
public final class InProcessBus implements EventBus {
    private final ChannelHomes homes;
    private final ConcurrentMap<String, Subscription> subscriptions = new ConcurrentHashMap<>();

    public InProcessBus(ChannelHomes homes) {
        this.homes = homes;
    }

    @Override
    public BusSubscription subscribe(String channel, BusSink sink) {
        Subscription subscription = new Subscription(channel, sink);
        if (subscriptions.putIfAbsent(channel, subscription) != null) {
            throw new IllegalStateException("channel " + channel + " is subscribed twice on this node");
        }
        homes.homeOf(channel).execute(sink::caughtUp);
        return subscription;
    }

    @Override
    public CompletionStage<long[]> publish(String channel, List<BusMessage> messages) {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        EventExecutor home = homes.homeOf(channel);
        home.execute(() -> {
            Subscription subscription = subscriptions.get(channel);
            if (subscription == null) {
                done.completeExceptionally(new BusUnavailableException("channel " + channel + " is not open", null));
                return;
            }
            done.complete(subscription.append(messages));
        });
        return done;
    }

    /** The node's subscription to one channel and the channel's last position; used on its home loop. */
    private final class Subscription implements BusSubscription {
        private final String channel;
        private final BusSink sink;
        private long lastSeq;

        Subscription(String channel, BusSink sink) {
            this.channel = channel;
            this.sink = sink;
        }

        long[] append(List<BusMessage> messages) {
            long[] seqs = new long[messages.size()];
            List<BusDelivery> deliveries = new ArrayList<>(messages.size());
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = ++lastSeq;
                deliveries.add(new BusDelivery(seqs[i], messages.get(i)));
            }
            sink.deliver(deliveries);
            return seqs;
        }

        @Override
        public void close() {
            subscriptions.remove(channel, this);
        }
    }
}
