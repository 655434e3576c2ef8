package dev.sluice.gateway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.pool.ChannelPoolHandler;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Keep-alive connection pools to the upstreams, one set per event loop.
 *
 * <p>A relay runs on its client's event loop and must talk to the upstream on that same loop (no
 * thread hop, no lock), so each loop has its own {@link SimpleChannelPool} per upstream address, held
 * in a {@link FastThreadLocal} and touched only by that loop. Pools hand out the most recently used
 * connection first, which keeps the number of warm connections near the loop's real concurrency.
 *
 * <p>Every upstream channel runs with auto-read off (the relay reads on demand, for back-pressure),
 * a {@link HttpClientCodec}, and an {@link IdleConnectionGuard} that watches it while pooled.
 */
public final class UpstreamPools {
    /** How long an unused connection stays pooled; longer than common app-server keep-alives, which then close first. */
    static final long POOLED_KEEP_ALIVE_MS = 30_000;
    /**
     * Fixed receive buffer of upstream sockets. Left to autotune, Linux grows it to tens of MB
     * ({@code net.ipv4.tcp_rmem}); with a stalled client that is where a fast upstream's answer would
     * pile up inside the gateway's host. Fixed, the most a stalled stream holds in this kernel is this
     * plus one read, and the rest stays with the app server, whose writes block.
     */
    static final int RECEIVE_BUFFER_BYTES = 128 * 1024;
    static final String CODEC = "codec";
    static final String GUARD = "idleGuard";

    private final Class<? extends SocketChannel> channelClass;
    private final int connectTimeoutMs;
    private final ChannelPoolHandler handler = new PoolEvents();
    private final FastThreadLocal<Map<InetSocketAddress, ChannelPool>> pools = new FastThreadLocal<>() {
        @Override
        protected Map<InetSocketAddress, ChannelPool> initialValue() {
            return new HashMap<>();
        }
    };

    /**
     * @param channelClass the transport's client channel class (matching the event loops)
     * @param connectTimeoutMs connect timeout for new connections
     */
    public UpstreamPools(Class<? extends SocketChannel> channelClass, long connectTimeoutMs) {
        this.channelClass = channelClass;
        this.connectTimeoutMs = (int) Math.min(Integer.MAX_VALUE, connectTimeoutMs);
    }

    /** The pool of connections to {@code address} owned by {@code loop}; call on that loop only. */
    ChannelPool pool(EventLoop loop, InetSocketAddress address) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("upstream pools are per event loop; called off-loop");
        }
        return pools.get().computeIfAbsent(address, a -> new SimpleChannelPool(bootstrap(loop, a), handler,
                ChannelHealthChecker.ACTIVE, true, true));
    }

    private Bootstrap bootstrap(EventLoop loop, InetSocketAddress address) {
        return new Bootstrap()
                .group(loop)
                .channel(channelClass)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMs)
                .remoteAddress(address);
    }

    /** Installs the codec on new connections and switches the idle guard as they leave and re-enter the pool. */
    private static final class PoolEvents implements ChannelPoolHandler {
        @Override
        public void channelCreated(Channel ch) {
            ch.pipeline().addLast(CODEC, new HttpClientCodec());
            ch.pipeline().addLast(GUARD, new IdleConnectionGuard(POOLED_KEEP_ALIVE_MS));
        }

        @Override
        public void channelAcquired(Channel ch) {
            IdleConnectionGuard guard = guard(ch);
            if (guard != null) {
                guard.inUse();
            }
        }

        @Override
        public void channelReleased(Channel ch) {
            IdleConnectionGuard guard = guard(ch);
            if (guard != null && ch.isActive()) {
                guard.idle();
            }
        }

        private static IdleConnectionGuard guard(Channel ch) {
            return (IdleConnectionGuard) ch.pipeline().get(GUARD);
        }
    }
}
