package dev.sluice.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.pool.ChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-loop pools against a real listening socket on one real event loop: the cap's split across
 * loops, a capped pool's wait and timeout, and that a connection closed and released frees its slot
 * (what the relay does with a connection it cannot reuse).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class UpstreamPoolsTest {
    private static final long WAIT_MS = 200;

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(server.accept());
                }
            } catch (IOException closed) {
                // The test is over.
            }
        }, "pools-test-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws Exception {
        server.close();
        for (Socket socket : accepted) {
            socket.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void theProcessWideCapIsSplitAcrossLoopsRoundingUp() {
        assertEquals(16, UpstreamPools.perLoop(16, 1));
        assertEquals(8, UpstreamPools.perLoop(16, 2));
        assertEquals(6, UpstreamPools.perLoop(16, 3));
        assertEquals(1, UpstreamPools.perLoop(1, 4), "every loop can reach the upstream");
        assertEquals(0, UpstreamPools.perLoop(0, 4), "0 stays unbounded");
    }

    @Test
    void aCappedPoolMakesTheNextAcquireWaitThenFailWithATimeout() throws Exception {
        UpstreamPools pools = new UpstreamPools(NioSocketChannel.class, WAIT_MS, 2, 0, 1);
        ChannelPool pool = pool(pools);
        Channel a = acquire(pool).get(5, TimeUnit.SECONDS);
        Channel b = acquire(pool).get(5, TimeUnit.SECONDS);
        long start = System.nanoTime();
        Future<Channel> third = acquire(pool);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> third.get(5, TimeUnit.SECONDS));
        assertInstanceOf(TimeoutException.class, failed.getCause());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(WAIT_MS));
        assertEquals(2, acceptedConnections(2), "no third connection was opened");
        release(pool, a);
        release(pool, b);
    }

    @Test
    void aWaitingAcquireGetsTheConnectionReleasedBeforeItsTimeout() throws Exception {
        UpstreamPools pools = new UpstreamPools(NioSocketChannel.class, 5_000, 1, 0, 1);
        ChannelPool pool = pool(pools);
        Channel only = acquire(pool).get(5, TimeUnit.SECONDS);
        Future<Channel> waiting = acquire(pool);
        assertFalse(waiting.isDone());
        release(pool, only);
        assertEquals(only, waiting.get(5, TimeUnit.SECONDS), "the freed connection is reused");
        assertEquals(1, acceptedConnections(1));
        release(pool, only);
    }

    @Test
    void aConnectionClosedThenReleasedFreesItsSlot() throws Exception {
        UpstreamPools pools = new UpstreamPools(NioSocketChannel.class, WAIT_MS, 1, 0, 1);
        ChannelPool pool = pool(pools);
        Channel broken = acquire(pool).get(5, TimeUnit.SECONDS);
        // What UpstreamRelay does with a connection it cannot reuse (client gone mid-answer, error).
        loop.submit(() -> {
            broken.close().addListener(closed -> pool.release(broken));
        }).get();
        broken.closeFuture().await(5, TimeUnit.SECONDS);
        Channel fresh = acquire(pool).get(5, TimeUnit.SECONDS);
        assertTrue(fresh.isActive());
        assertFalse(fresh == broken, "a closed connection is not handed out again");
        release(pool, fresh);
    }

    @Test
    void withoutACapEveryConcurrentAcquireOpensItsOwnConnection() throws Exception {
        UpstreamPools pools = new UpstreamPools(NioSocketChannel.class, WAIT_MS, 0, 0, 1);
        ChannelPool pool = pool(pools);
        List<Channel> channels = List.of(acquire(pool).get(5, TimeUnit.SECONDS), acquire(pool).get(5, TimeUnit.SECONDS),
                acquire(pool).get(5, TimeUnit.SECONDS));
        assertEquals(3, channels.stream().distinct().count());
        for (Channel ch : channels) {
            release(pool, ch);
        }
    }

    @Test
    void connectionsReleasedBeyondTheIdleBoundAreClosedAtOnce() throws Exception {
        UpstreamPools pools = new UpstreamPools(NioSocketChannel.class, WAIT_MS, 0, 1, 1);
        ChannelPool pool = pool(pools);
        List<Channel> burst = List.of(acquire(pool).get(5, TimeUnit.SECONDS), acquire(pool).get(5, TimeUnit.SECONDS),
                acquire(pool).get(5, TimeUnit.SECONDS));
        for (Channel ch : burst) {
            releaseQuietly(pool, ch);
        }
        for (Channel ch : burst.subList(1, 3)) {
            assertTrue(ch.closeFuture().await(5, TimeUnit.SECONDS), "released beyond the bound: closed");
        }
        assertTrue(burst.get(0).isActive(), "the first released is kept");
        assertEquals(burst.get(0), acquire(pool).get(5, TimeUnit.SECONDS), "and handed out next");
        release(pool, burst.get(0));
    }

    @Test
    void aConnectionClosedForTheIdleBoundFreesItsSlotUnderTheCap() throws Exception {
        UpstreamPools pools = new UpstreamPools(NioSocketChannel.class, WAIT_MS, 2, 1, 1);
        ChannelPool pool = pool(pools);
        Channel a = acquire(pool).get(5, TimeUnit.SECONDS);
        Channel b = acquire(pool).get(5, TimeUnit.SECONDS);
        releaseQuietly(pool, a);
        releaseQuietly(pool, b);
        assertTrue(b.closeFuture().await(5, TimeUnit.SECONDS));
        Channel again = acquire(pool).get(5, TimeUnit.SECONDS);
        Channel fresh = acquire(pool).get(5, TimeUnit.SECONDS);
        assertEquals(a, again);
        assertTrue(fresh.isActive() && fresh != b, "both slots are free again");
        assertEquals(3, acceptedConnections(3));
        release(pool, again);
        releaseQuietly(pool, fresh);
    }

    /**
     * The connections the server has accepted once at least {@code expected} have been (or 5 s passed):
     * a client's connect completes in the kernel before the acceptor thread has taken the socket, so
     * reading the count straight after an acquire races that thread.
     */
    private int acceptedConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (accepted.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return accepted.size();
    }

    private ChannelPool pool(UpstreamPools pools) throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        return loop.submit(() -> pools.pool(loop, address)).get();
    }

    private Future<Channel> acquire(ChannelPool pool) throws Exception {
        return loop.submit(() -> pool.acquire()).get();
    }

    /** A release that may fail: Netty fails the release of a connection the pool closed for its idle bound. */
    private void releaseQuietly(ChannelPool pool, Channel ch) throws Exception {
        Future<Void> released = loop.submit(() -> pool.release(ch)).get();
        released.await(5, TimeUnit.SECONDS);
    }

    private void release(ChannelPool pool, Channel ch) throws Exception {
        Future<Void> released = loop.submit(() -> pool.release(ch)).get();
        assertTrue(released.await(5, TimeUnit.SECONDS) && released.isSuccess(), "kept: " + released.cause());
    }
}
