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
 * <p><b>Connection cap.</b> With {@code --upstream-max-connections N} (N &gt; 0) each loop's pool is a
 * {@link FixedChannelPool} allowing {@code ceil(N / loops)} connections per address, so one gateway
 * process opens at most about N to each upstream without any lock or cross-loop hand-off (the cost:
 * a loop may wait while another has a free connection, and with more loops than N the total can reach
 * {@code loops}). A request that finds its loop's share in use waits, oldest first, for up to the
 * connect timeout, then fails with {@code upstream_timeout}; at most {@link #MAX_PENDING_PER_LOOP}
 * wait per loop and address, beyond that a request fails at once with {@code upstream_unavailable}.
 * Idle pooled connections count towards the cap (a new connection is opened only when none is idle),
 * so the cap also bounds what stays open after a burst. 0 (the default) keeps the pool unbounded: a
 * relayed stream holds its connection for the whole stream, so a cap also caps concurrent relayed
 * streams; a held request gives its connection back as soon as the held answer is read, which is why
 * a small cap serves thousands of held clients.
 *
 * <p><b>Idle bound.</b> With {@code --upstream-max-idle-connections M} (M &gt; 0) each loop keeps at
 * most {@code ceil(M / loops)} idle connections per address ({@link BoundedUpstreamPool}); one released
 * beyond that is closed at once instead of after the keep-alive time. 0 (the default): no bound.
 *
 * <p>Every connection, closed or not, is handed back through {@link ChannelPool#release}, so the
 * fixed pool's count of connections in use stays true.
 *
 * <p>Every upstream channel runs with auto-read off (the relay reads on demand, for back-pressure),
 * a {@link HttpClientCodec}, and a {@link PooledConnectionHandler} that gives a relay the response and
 * watches the connection while pooled: two handlers, installed once per connection, none added or removed
 * per relayed request.
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
    /** Requests that may wait for a connection, per loop and upstream address, when the cap is on. */
    static final int MAX_PENDING_PER_LOOP = 10_000;
    static final String CODEC = "codec";
    static final String HANDLER = "connection";

    private final Class<? extends SocketChannel> channelClass;
    private final int connectTimeoutMs;
    /** Connections per loop and address; 0: unbounded. */
    private final int maxPerLoop;
    /** Idle connections kept per loop and address; 0: unbounded. */
    private final int maxIdlePerLoop;
    private final ChannelPoolHandler handler = new PoolEvents();
    private final FastThreadLocal<Map<InetSocketAddress, ChannelPool>> pools = new FastThreadLocal<>() {
        @Override
        protected Map<InetSocketAddress, ChannelPool> initialValue() {
            return new HashMap<>();
        }
    };

    /**
     * @param channelClass the transport's client channel class (matching the event loops)
     * @param connectTimeoutMs connect timeout for new connections, and the longest wait for a free one
     *     when the cap is reached
     * @param maxConnections connections per upstream address for the whole process; 0: unbounded
     * @param maxIdleConnections idle connections kept per upstream address for the whole process; 0: unbounded
     * @param loops the number of event loops the bounds are split across
     */
    public UpstreamPools(Class<? extends SocketChannel> channelClass, long connectTimeoutMs, int maxConnections,
            int maxIdleConnections, int loops) {
        if (maxConnections < 0 || maxIdleConnections < 0 || loops < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections + ", maxIdleConnections "
                    + maxIdleConnections + ", loops " + loops);
        }
        this.channelClass = channelClass;
        this.connectTimeoutMs = (int) Math.min(Integer.MAX_VALUE, connectTimeoutMs);
        this.maxPerLoop = perLoop(maxConnections, loops);
        this.maxIdlePerLoop = perLoop(maxIdleConnections, loops);
    }

    /** Each loop's share of a process-wide cap: {@code ceil(max / loops)}, at least 1; 0 stays unbounded. */
    static int perLoop(int maxConnections, int loops) {
        return maxConnections == 0 ? 0 : (maxConnections + loops - 1) / loops;
    }

    /** Whether a cap is on, i.e. a request may have to wait for a connection. */
    boolean bounded() {
        return maxPerLoop > 0;
    }

    /** The pool of connections to {@code address} owned by {@code loop}; call on that loop only. */
    ChannelPool pool(EventLoop loop, InetSocketAddress address) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("upstream pools are per event loop; called off-loop");
        }
        return pools.get().computeIfAbsent(address, a -> newPool(bootstrap(loop, a)));
    }

    /** The pool {@link #pool} made for {@code address} on {@code loop}, or {@code null}; call on that loop only. */
    ChannelPool existing(EventLoop loop, InetSocketAddress address) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("upstream pools are per event loop; called off-loop");
        }
        return pools.get().get(address);
    }

    private ChannelPool newPool(Bootstrap bootstrap) {
        if (maxPerLoop == 0 && maxIdlePerLoop == 0) {
            return new SimpleChannelPool(bootstrap, handler, ChannelHealthChecker.ACTIVE, true, true);
        }
        return new BoundedUpstreamPool(bootstrap, handler, maxPerLoop == 0 ? Integer.MAX_VALUE : maxPerLoop,
                connectTimeoutMs, MAX_PENDING_PER_LOOP, maxIdlePerLoop == 0 ? Integer.MAX_VALUE : maxIdlePerLoop);
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

    /** Installs the codec and the handler on new connections and switches the handler as they leave and re-enter the pool. */
    private static final class PoolEvents implements ChannelPoolHandler {
        @Override
        public void channelCreated(Channel ch) {
            ch.pipeline().addLast(CODEC, new HttpClientCodec());
            ch.pipeline().addLast(HANDLER, new PooledConnectionHandler(POOLED_KEEP_ALIVE_MS));
        }

        @Override
        public void channelAcquired(Channel ch) {
            PooledConnectionHandler handler = PooledConnectionHandler.of(ch);
            if (handler != null) {
                handler.inUse();
            }
        }

        @Override
        public void channelReleased(Channel ch) {
            PooledConnectionHandler handler = PooledConnectionHandler.of(ch);
            if (handler != null && ch.isActive()) {
                handler.idle();
            }
        }
    }
}
