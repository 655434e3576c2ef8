package dev.sluice.gateway.redis;

import dev.sluice.gateway.bus.BusDelivery;
import dev.sluice.gateway.bus.BusMessage;
import dev.sluice.gateway.bus.BusSink;
import dev.sluice.gateway.bus.BusSubscription;
import dev.sluice.gateway.bus.BusUnavailableException;
import dev.sluice.gateway.bus.EventBus;
import dev.sluice.gateway.config.BusAddress;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Channels through Redis (SPEC section 12, {@code --bus redis://...}): every node publishes into and
 * reads from the same Redis streams, so an event published on any node reaches subscribers on every
 * node, with the same ids everywhere.
 *
 * <p><b>Storage.</b> A channel is a Redis stream {@code sluice:{name}:log} whose entry ids are
 * {@code 0-<seq>}, the channel's own positions: a Lua script takes {@code INCR sluice:{name}:seq} and
 * {@code XADD}s with that explicit id, so ids are assigned atomically in one place for all nodes. The
 * stream is trimmed with {@code MAXLEN ~} to the replay limit (Redis keeps at least that many), and
 * both keys expire {@value #CHANNEL_TTL_DAYS} days after the channel's last publish.
 *
 * <p><b>Delivery.</b> The same script {@code PUBLISH}es the channel's last seq on
 * {@code sluice:{name}:notify}. Each node has one notification connection and {@code SUBSCRIBE}s once
 * per channel it has open (never per subscriber); a notification makes it read the stream after the
 * last seq it delivered ({@code XRANGE (0-<seq> +}) on its command connection. A notification only
 * says "look": the stream is the only source of events, so a lost or coalesced notification loses
 * nothing, and after an outage one read per channel delivers what was missed, up to what the stream
 * retains. Why not {@code XREAD BLOCK}: its key set is fixed while it blocks, so every channel opened
 * or closed would have to interrupt it; {@code SUBSCRIBE}/{@code UNSUBSCRIBE} change the set at any
 * time on a live connection.
 *
 * <p><b>Threads.</b> Both connections and all of this class's state live on one of the gateway's event
 * loops; the public methods hand their work over with {@code execute}. Sinks are called on that loop
 * (the channel hands deliveries on to its home loop).
 */
public final class RedisBus implements EventBus {
    static final int CHANNEL_TTL_DAYS = 7;
    private static final long CHANNEL_TTL_MS = TimeUnit.DAYS.toMillis(CHANNEL_TTL_DAYS);
    /** Entries read per XRANGE while catching up; more are read in further rounds. */
    private static final int READ_BATCH = 512;
    private static final String PUBLISH_SCRIPT = String.join("\n",
            "local ids = {}",
            "for i = 4, #ARGV do",
            "  local seq = redis.call('INCR', KEYS[1])",
            "  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], '0-' .. seq, 'm', ARGV[i], 't', ARGV[3])",
            "  ids[#ids + 1] = seq",
            "end",
            "redis.call('PEXPIRE', KEYS[1], ARGV[2])",
            "redis.call('PEXPIRE', KEYS[2], ARGV[2])",
            "redis.call('PUBLISH', KEYS[3], ids[#ids])",
            "return ids");

    private static final String MIRROR_SCRIPT = String.join("\n",
            "redis.call('XADD', KEYS[1], '0-' .. ARGV[1], 'm', ARGV[2], 't', ARGV[3])",
            "redis.call('PEXPIRE', KEYS[1], ARGV[4])",
            "redis.call('PUBLISH', KEYS[2], ARGV[1])",
            "return 1");

    private final EventLoop loop;
    private final int replayEvents;
    private final int retained;
    private final BusStats stats = new BusStats();
    private final RedisLink commands;
    private final RedisLink notifications;
    /** Open channels by their notification key. Loop only. */
    private final Map<String, Feed> feeds = new HashMap<>();
    private volatile boolean available;

    private RedisBus(BusAddress address, EventLoop loop, Class<? extends SocketChannel> channelClass,
            int replayEvents) {
        this.loop = loop;
        this.replayEvents = replayEvents;
        this.retained = Math.max(1, replayEvents);
        SslContext ssl = address.tls() ? clientTls() : null;
        this.commands = new RedisLink("commands", address, loop, channelClass, ssl, new LinkListener());
        this.notifications = new RedisLink("notifications", address, loop, channelClass, ssl, new LinkListener() {
            @Override
            public void pushed(List<Object> message) {
                Feed feed = feeds.get(RedisReply.text(message.get(1)));
                if (feed != null) {
                    catchUp(feed);
                }
            }
        });
    }

    /**
     * Starts connecting to Redis at {@code address} on {@code loop} and returns at once: until the
     * connections are up, publishing fails with {@link BusUnavailableException} (a 503 to the
     * publisher) and channels opened meanwhile start live.
     *
     * @param replayEvents the channels' replay limit: how many events the stream keeps and a node
     *     loads into a channel's replay log when it opens it
     */
    public static RedisBus start(BusAddress address, EventLoop loop, Class<? extends SocketChannel> channelClass,
            int replayEvents, PrometheusRegistry registry) {
        RedisBus bus = new RedisBus(address, loop, channelClass, replayEvents);
        bus.stats.register(registry, () -> bus.available);
        bus.commands.start();
        bus.notifications.start();
        return bus;
    }

    /** Whether both connections are up. */
    public boolean isConnected() {
        return available;
    }

    @Override
    public BusSubscription subscribe(String channel, BusSink sink) {
        Feed feed = new Feed(channel, sink);
        onLoop(() -> open(feed));
        return () -> onLoop(() -> closeFeed(feed));
    }

    /** At shutdown the channels close after the bus's loop may have stopped: nothing is left to undo then. */
    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException stopped) {
            // The loop has stopped; its connections closed with it.
        }
    }

    @Override
    public CompletionStage<long[]> publish(String channel, List<BusMessage> messages) {
        CompletableFuture<long[]> done = new CompletableFuture<>();
        long started = System.nanoTime();
        List<Object> args = new ArrayList<>(8 + messages.size());
        args.add("EVAL");
        args.add(PUBLISH_SCRIPT);
        args.add("3");
        args.add(seqKey(channel));
        args.add(logKey(channel));
        args.add(notifyKey(channel));
        args.add(Integer.toString(retained));
        args.add(Long.toString(CHANNEL_TTL_MS));
        args.add(Long.toString(System.currentTimeMillis()));
        for (BusMessage message : messages) {
            args.add(BusEntry.encode(message));
        }
        commands.command(args).whenComplete((reply, failure) -> {
            if (failure != null) {
                stats.publishFailures.inc();
                done.completeExceptionally(new BusUnavailableException("publish to " + channel + " failed: "
                        + failure.getMessage(), failure));
                return;
            }
            List<?> ids = (List<?>) reply;
            long[] seqs = new long[ids.size()];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = (Long) ids.get(i);
            }
            stats.publishLag.observe((System.nanoTime() - started) / 1e9);
            done.complete(seqs);
        });
        return done;
    }

    /**
     * Appends {@code message} to {@code channel} at position {@code seq} given by its producer (a
     * stage job's own seq) rather than by the channel's counter, keeping the channel for {@code ttlMs};
     * subscribers on every node get it as if published. Fire and forget: a failure is counted only.
     */
    public void append(String channel, long seq, BusMessage message, long ttlMs) {
        commands.command("EVAL", MIRROR_SCRIPT, "2", logKey(channel), notifyKey(channel), Long.toString(seq),
                BusEntry.encode(message), Long.toString(System.currentTimeMillis()), Long.toString(ttlMs))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        stats.publishFailures.inc();
                    }
                });
    }

    /** The position of {@code channel}'s last event and whether it closes the channel; {@code null} if none. */
    public CompletableFuture<LastEntry> lastEntry(String channel) {
        return commands.command("XREVRANGE", logKey(channel), "+", "-", "COUNT", "1").thenApply(reply -> {
            List<?> entries = (List<?>) reply;
            if (entries.isEmpty()) {
                return null;
            }
            List<?> fields = (List<?>) ((List<?>) entries.get(0)).get(1);
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                if (RedisReply.text(fields.get(i)).equals("m")) {
                    return new LastEntry(seqOf(entries.get(0)), BusEntry.decode((byte[]) fields.get(i + 1)).close());
                }
            }
            return null;
        });
    }

    /** A channel's last event: its position and whether it is the final one. */
    public record LastEntry(long seq, boolean close) {
    }

    @Override
    public void close() {
        commands.close();
        notifications.close();
    }

    private void open(Feed feed) {
        Feed previous = feeds.put(feed.notifyKey, feed);
        if (previous != null) {
            previous.closed = true;
        }
        if (!available) {
            // Redis is away: the channel starts live, and once Redis is back it continues after the
            // channel's current position rather than replaying history to subscribers already live.
            feed.lastSeq = Feed.CURRENT_POSITION;
            feed.caughtUpOnce();
            feed.sink.unavailable();
        }
        if (notifications.isReady()) {
            subscribeNotifications(feed);
        }
    }

    private void closeFeed(Feed feed) {
        feed.closed = true;
        if (feeds.remove(feed.notifyKey, feed) && notifications.isReady()) {
            notifications.command("UNSUBSCRIBE", feed.notifyKey);
        }
    }

    private void subscribeNotifications(Feed feed) {
        notifications.command("SUBSCRIBE", feed.notifyKey).whenComplete((ok, failure) -> {
            if (failure == null) {
                // Subscribed first, read second: whatever is published from now on is notified.
                catchUp(feed);
            }
        });
    }

    /**
     * Reads what the channel's stream has after the last delivered seq and delivers it; one read at a
     * time per channel, a notification during a read asks for another.
     */
    private void catchUp(Feed feed) {
        if (feed.closed) {
            return;
        }
        if (feed.reading || !commands.isReady()) {
            feed.dirty = true;
            return;
        }
        feed.reading = true;
        feed.dirty = false;
        CompletableFuture<Object> read;
        boolean history = feed.lastSeq == Feed.NOT_LOADED;
        if (history) {
            read = commands.command("XREVRANGE", feed.logKey, "+", "-", "COUNT", Integer.toString(retained));
        } else if (feed.lastSeq == Feed.CURRENT_POSITION) {
            read = commands.command("GET", feed.seqKey);
        } else {
            read = commands.command("XRANGE", feed.logKey, "(0-" + feed.lastSeq, "+", "COUNT",
                    Integer.toString(READ_BATCH));
        }
        read.whenComplete((reply, failure) -> {
            feed.reading = false;
            if (failure != null) {
                // The link reconnects and catches every channel up when it is back.
                feed.dirty = true;
                return;
            }
            if (!feed.closed) {
                if (history) {
                    deliverHistory(feed, (List<?>) reply);
                } else if (feed.lastSeq == Feed.CURRENT_POSITION) {
                    feed.lastSeq = reply == null ? 0 : Long.parseLong(RedisReply.text(reply));
                } else {
                    List<?> entries = (List<?>) reply;
                    deliver(feed, entries, true);
                    if (entries.size() == READ_BATCH) {
                        feed.dirty = true;
                    }
                }
            }
            if (feed.dirty) {
                catchUp(feed);
            }
        });
    }

    private void deliverHistory(Feed feed, List<?> newestFirst) {
        List<Object> oldestFirst = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            oldestFirst.add(newestFirst.get(i));
        }
        feed.lastSeq = 0;
        // Only the replay limit's worth goes to the channel's log; the stream may keep a few more.
        List<Object> kept = oldestFirst.subList(Math.max(0, oldestFirst.size() - replayEvents), oldestFirst.size());
        if (!oldestFirst.isEmpty()) {
            feed.lastSeq = seqOf(oldestFirst.get(oldestFirst.size() - 1));
        }
        if (!kept.isEmpty()) {
            deliver(feed, kept, false);
        }
        feed.caughtUpOnce();
    }

    private void deliver(Feed feed, List<?> entries, boolean live) {
        if (entries.isEmpty()) {
            return;
        }
        List<BusDelivery> deliveries = new ArrayList<>(entries.size());
        long now = System.currentTimeMillis();
        for (Object entry : entries) {
            long seq = seqOf(entry);
            if (seq <= feed.lastSeq && live) {
                continue;
            }
            List<?> fields = (List<?>) ((List<?>) entry).get(1);
            byte[] message = null;
            long publishedAt = -1;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String field = RedisReply.text(fields.get(i));
                if (field.equals("m")) {
                    message = (byte[]) fields.get(i + 1);
                } else if (field.equals("t")) {
                    publishedAt = Long.parseLong(RedisReply.text(fields.get(i + 1)));
                }
            }
            if (message == null) {
                continue;
            }
            deliveries.add(new BusDelivery(seq, BusEntry.decode(message)));
            if (live) {
                feed.lastSeq = seq;
                if (publishedAt > 0) {
                    stats.deliveryLag.observe(Math.max(0, now - publishedAt) / 1e3);
                }
            }
        }
        if (!deliveries.isEmpty()) {
            feed.sink.deliver(deliveries);
        }
    }

    private static long seqOf(Object entry) {
        String id = RedisReply.text(((List<?>) entry).get(0));
        return Long.parseLong(id.substring(id.indexOf('-') + 1));
    }

    private void linkChanged() {
        boolean up = commands.isReady() && notifications.isReady();
        if (up == available) {
            return;
        }
        available = up;
        for (Feed feed : new ArrayList<>(feeds.values())) {
            if (up) {
                feed.sink.available();
            } else {
                feed.sink.unavailable();
            }
        }
    }

    static String seqKey(String channel) {
        return "sluice:{" + channel + "}:seq";
    }

    static String logKey(String channel) {
        return "sluice:{" + channel + "}:log";
    }

    static String notifyKey(String channel) {
        return "sluice:{" + channel + "}:notify";
    }

    private static SslContext clientTls() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for the bus: " + e.getMessage(), e);
        }
    }

    /** Both links report here, on the loop. */
    private class LinkListener implements RedisLink.Listener {
        @Override
        public void ready(RedisLink link) {
            if (link.reconnects() > 0) {
                stats.reconnects.inc();
            }
            for (Feed feed : new ArrayList<>(feeds.values())) {
                if (link == notifications) {
                    subscribeNotifications(feed);
                } else {
                    catchUp(feed);
                }
            }
            linkChanged();
        }

        @Override
        public void lost(RedisLink link) {
            linkChanged();
        }
    }

    /** This node's subscription to one channel. Loop only. */
    private static final class Feed {
        /** The channel's history has not been read yet. */
        static final long NOT_LOADED = -1;
        /** Opened while Redis was away: continue from the channel's position when it is back. */
        static final long CURRENT_POSITION = -2;

        final String seqKey;
        final String logKey;
        final String notifyKey;
        final BusSink sink;
        long lastSeq = NOT_LOADED;
        boolean reading;
        boolean dirty;
        boolean closed;
        private boolean caughtUp;

        Feed(String channel, BusSink sink) {
            this.seqKey = seqKey(channel);
            this.logKey = logKey(channel);
            this.notifyKey = notifyKey(channel);
            this.sink = sink;
        }

        void caughtUpOnce() {
            if (!caughtUp) {
                caughtUp = true;
                sink.caughtUp();
            }
        }
    }
}
