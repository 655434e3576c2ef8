package dev.sluice.gateway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.ChannelPoolHandler;
import io.netty.channel.pool.FixedChannelPool;

/**
 * One loop's pool to one upstream address when the operator bounds it: Netty's {@link FixedChannelPool}
 * for the connection cap (waiting, acquire timeout, bounded waiters), plus a bound on the connections it
 * keeps idle. A connection released while that many are idle is closed instead of kept (Netty then fails
 * the release with {@code ChannelPoolFullException} and frees the cap's slot), so a burst of streams does
 * not leave a burst of idle connections open at the app server for the keep-alive time.
 *
 * <p>The idle count is of connections in the pool's deque, including ones that died there (their server
 * closed them, or {@link PooledConnectionHandler} expired them) until the next acquire polls them out; so it
 * errs towards closing, never towards keeping more. Touched only on the pool's own event loop.
 */
final class BoundedUpstreamPool extends FixedChannelPool {
    private final int maxIdle;
    private int idle;

    /**
     * @param maxConnections connections this pool may have open; {@link Integer#MAX_VALUE}: no cap
     * @param acquireTimeoutMs longest wait for a free connection when the cap is reached
     * @param maxPending requests that may wait for a connection
     * @param maxIdle connections kept idle; {@link Integer#MAX_VALUE}: no bound
     */
    BoundedUpstreamPool(Bootstrap bootstrap, ChannelPoolHandler handler, int maxConnections, long acquireTimeoutMs,
            int maxPending, int maxIdle) {
        super(bootstrap, handler, ChannelHealthChecker.ACTIVE, AcquireTimeoutAction.FAIL, acquireTimeoutMs,
                maxConnections, maxPending, true, true);
        this.maxIdle = maxIdle;
    }

    @Override
    protected Channel pollChannel() {
        Channel ch = super.pollChannel();
        if (ch != null) {
            idle--;
        }
        return ch;
    }

    @Override
    protected boolean offerChannel(Channel ch) {
        if (idle >= maxIdle || !super.offerChannel(ch)) {
            return false;
        }
        idle++;
        return true;
    }
}
