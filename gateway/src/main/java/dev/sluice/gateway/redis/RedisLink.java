package dev.sluice.gateway.redis;

import dev.sluice.gateway.config.BusAddress;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to Redis that comes back by itself: connects, authenticates and selects the database,
 * then carries pipelined commands until it is lost, and reconnects with exponential backoff (100 ms
 * doubling to 5 s). A server that stops answering (a command waiting longer than
 * {@link #REPLY_TIMEOUT_MS}) counts as lost; an idle link sends {@code PING} so that a silent
 * network failure is noticed too.
 *
 * <p>Everything runs on one event loop, one of the gateway's own: {@link #command} may be called from
 * any thread and hands the write over with {@code execute}; nothing here blocks.
 */
public final class RedisLink {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5000;
    static final long REPLY_TIMEOUT_MS = 3000;
    private static final long HEALTH_CHECK_MS = 500;
    private static final long PING_AFTER_IDLE_MS = 2000;
    private static final int CONNECT_TIMEOUT_MS = 2000;

    /** What the owner of a link hears about it; every call on the link's loop. */
    public interface Listener {
        /** Connected, authenticated and ready for commands (again). */
        void ready(RedisLink link);

        /** The connection was lost (or could not be made); commands fail until {@link #ready}. */
        void lost(RedisLink link);

        /** A publish/subscribe message: {@code ["message", channel, payload]}. */
        default void pushed(List<Object> message) {
        }
    }

    private final String name;
    private final BusAddress address;
    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelClass;
    private final SslContext ssl;
    private final Listener listener;
    private Channel channel;
    private RedisCommandHandler handler;
    private boolean ready;
    private boolean closed;
    private boolean everReady;
    private long backoffMs = FIRST_BACKOFF_MS;
    private long lastActivityNanos;
    private long reconnects;
    private ScheduledFuture<?> health;

    /**
     * @param name for logs ({@code commands}, {@code notifications})
     * @param ssl the TLS context for {@code rediss://}, or {@code null}
     */
    public RedisLink(String name, BusAddress address, EventLoop loop, Class<? extends SocketChannel> channelClass,
            SslContext ssl, Listener listener) {
        this.name = name;
        this.address = address;
        this.loop = loop;
        this.channelClass = channelClass;
        this.ssl = ssl;
        this.listener = listener;
    }

    public EventLoop loop() {
        return loop;
    }

    /** Starts connecting; returns at once. */
    public void start() {
        loop.execute(() -> {
            health = loop.scheduleAtFixedRate(this::checkHealth, HEALTH_CHECK_MS, HEALTH_CHECK_MS,
                    TimeUnit.MILLISECONDS);
            connect();
        });
    }

    /** Loop only: whether commands can be sent now. */
    public boolean isReady() {
        return ready;
    }

    /** Times the link came back after being lost. Loop only (or a stale read for metrics). */
    public long reconnects() {
        return reconnects;
    }

    /**
     * Sends one command; the future completes (on the link's loop) with the reply converted by
     * {@link RedisReply}, or fails with {@link RedisException} (error reply, link down or lost).
     */
    public CompletableFuture<Object> command(Object... args) {
        return command(Arrays.asList(args));
    }

    public CompletableFuture<Object> command(List<Object> args) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        if (loop.inEventLoop()) {
            send(args, reply, false);
        } else {
            try {
                loop.execute(() -> send(args, reply, false));
            } catch (RejectedExecutionException stopped) {
                reply.completeExceptionally(new RedisException("the gateway is shutting down"));
            }
        }
        return reply;
    }

    /** Stops for good: closes the connection and does not reconnect. */
    public void close() {
        loop.execute(() -> {
            closed = true;
            if (health != null) {
                health.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
        });
    }

    private void send(List<Object> args, CompletableFuture<Object> reply, boolean handshake) {
        if (closed || channel == null || !channel.isActive() || (!ready && !handshake)) {
            reply.completeExceptionally(new RedisException("Redis is not connected (" + name + ")"));
            return;
        }
        lastActivityNanos = System.nanoTime();
        channel.writeAndFlush(new RedisCommandHandler.Command(args, reply), channel.voidPromise());
    }

    private void connect() {
        if (closed) {
            return;
        }
        RedisCommandHandler commands = new RedisCommandHandler(listener::pushed);
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast(ssl.newHandler(ch.alloc(), address.host(), address.port()));
                        }
                        p.addLast(new RedisDecoder(), new RedisBulkStringAggregator(), new RedisArrayAggregator(),
                                new RedisEncoder(), commands);
                    }
                })
                .connect(address.host(), address.port());
        channel = connecting.channel();
        handler = commands;
        Channel attempt = channel;
        attempt.closeFuture().addListener(f -> onClosed(attempt));
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                handshake(attempt);
            }
        });
    }

    private void handshake(Channel attempt) {
        List<CompletableFuture<Object>> steps = new ArrayList<>();
        if (address.password() != null) {
            CompletableFuture<Object> auth = new CompletableFuture<>();
            send(address.user() == null ? List.of("AUTH", address.password())
                    : List.of("AUTH", address.user(), address.password()), auth, true);
            steps.add(auth);
        }
        if (address.db() != 0) {
            CompletableFuture<Object> select = new CompletableFuture<>();
            send(List.of("SELECT", Integer.toString(address.db())), select, true);
            steps.add(select);
        }
        CompletableFuture.allOf(steps.toArray(new CompletableFuture<?>[0])).whenComplete((ok, failure) -> {
            if (channel != attempt || closed) {
                return;
            }
            if (failure != null) {
                log.warn("Redis {} at {} refused the handshake: {}", name, address, rootMessage(failure));
                attempt.close();
                return;
            }
            ready = true;
            backoffMs = FIRST_BACKOFF_MS;
            if (everReady) {
                reconnects++;
            }
            everReady = true;
            log.info("Redis {} connected to {}", name, address);
            listener.ready(this);
        });
    }

    private void onClosed(Channel attempt) {
        if (channel != attempt) {
            return;
        }
        boolean wasReady = ready;
        ready = false;
        channel = null;
        handler = null;
        if (wasReady) {
            log.warn("Redis {} lost its connection to {}; reconnecting", name, address);
        }
        listener.lost(this);
        if (!closed) {
            long delay = backoffMs;
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** A link whose server stopped answering is closed (and so reconnected); an idle one is pinged. */
    private void checkHealth() {
        if (!ready || handler == null) {
            return;
        }
        long now = System.nanoTime();
        long oldest = handler.oldestSentNanos();
        if (oldest >= 0 && now - oldest > TimeUnit.MILLISECONDS.toNanos(REPLY_TIMEOUT_MS)) {
            log.warn("Redis {} at {} did not answer for {} ms; reconnecting", name, address, REPLY_TIMEOUT_MS);
            channel.close();
            return;
        }
        if (oldest < 0 && now - lastActivityNanos > TimeUnit.MILLISECONDS.toNanos(PING_AFTER_IDLE_MS)) {
            send(List.of("PING"), new CompletableFuture<>(), false);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }
}
