package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.BusAddress;
import dev.sluice.gateway.redis.RedisException;
import dev.sluice.gateway.redis.RedisLink;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis client on Netty's Redis codec against a real redis-server: pipelined commands answered in
 * order, replies as plain values, error replies as failures that leave the link usable, commands
 * failing at once while Redis is away, and the link coming back by itself when Redis returns.
 */
class RedisLinkTest {
    @TempDir
    Path dir;
    private RedisServer redis;
    private EventLoopGroup group;
    private RedisLink link;
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start(dir);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        redis.close();
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrderWithPlainValues() throws Exception {
        link = connect(BusAddress.parse(redis.url() + "/3"));
        List<CompletableFuture<Object>> replies = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            replies.add(link.command("INCR", "counter"));
        }
        for (int i = 0; i < replies.size(); i++) {
            assertEquals((long) (i + 1), replies.get(i).get(5, TimeUnit.SECONDS));
        }
        byte[] binary = {0, 1, (byte) 0xff, '\r', '\n', 'x'};
        assertEquals("OK", link.command("SET", "blob", binary).get(5, TimeUnit.SECONDS));
        assertArrayEquals(binary, (byte[]) link.command("GET", "blob").get(5, TimeUnit.SECONDS));
        assertEquals(null, link.command("GET", "missing").get(5, TimeUnit.SECONDS));
        assertEquals(List.of(), link.command("XRANGE", "nothing", "-", "+").get(5, TimeUnit.SECONDS));
        // SELECT 3 from the URL: the keys are in database 3, not 0.
        RedisLink dbZero = connect(BusAddress.parse(redis.url()));
        assertEquals(null, dbZero.command("GET", "counter").get(5, TimeUnit.SECONDS));
        assertEquals(2000L, Long.parseLong(new String((byte[]) dbZero.command("EVAL",
                "redis.call('SELECT', 3); return redis.call('GET', KEYS[1])", "1", "counter")
                .get(5, TimeUnit.SECONDS), StandardCharsets.US_ASCII)));
        dbZero.close();
        ExecutionException error = assertThrows(ExecutionException.class,
                () -> link.command("INCR", "blob").get(5, TimeUnit.SECONDS));
        assertInstanceOf(RedisException.class, error.getCause());
        assertTrue(error.getCause().getMessage().startsWith("ERR"), error.getCause().getMessage());
        assertEquals("PONG", link.command("PING").get(5, TimeUnit.SECONDS), "an error reply leaves the link usable");
    }

    @Test
    void whileRedisIsAwayCommandsFailAtOnceAndTheLinkComesBackByItself() throws Exception {
        link = connect(BusAddress.parse(redis.url()));
        assertEquals("OK", link.command("SET", "k", "before").get(5, TimeUnit.SECONDS));
        redis.stop();
        awaitCount(lost, 1);
        long asked = System.nanoTime();
        ExecutionException down = assertThrows(ExecutionException.class,
                () -> link.command("GET", "k").get(5, TimeUnit.SECONDS));
        assertInstanceOf(RedisException.class, down.getCause());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked) < 1000, "fails at once, no waiting");
        Thread.sleep(700);
        redis.startAgain();
        awaitCount(ready, 2);
        assertEquals("before", new String((byte[]) link.command("GET", "k").get(5, TimeUnit.SECONDS),
                StandardCharsets.UTF_8), "the append-only file kept it");
        assertEquals(1, link.reconnects());
    }

    @Test
    void aPasswordIsSentWithAuth() throws Exception {
        link = connect(BusAddress.parse(redis.url()));
        assertEquals("OK", link.command("CONFIG", "SET", "requirepass", "s3cret").get(5, TimeUnit.SECONDS));
        link.close();
        ready.set(0);
        link = connect(BusAddress.parse("redis://:s3cret@127.0.0.1:" + redis.port()));
        assertEquals("PONG", link.command("PING").get(5, TimeUnit.SECONDS));
        link.close();
        RedisLink wrong = new RedisLink("test", BusAddress.parse("redis://:nope@127.0.0.1:" + redis.port()),
                group.next(), NioSocketChannel.class, null, listener());
        ready.set(0);
        wrong.start();
        Thread.sleep(500);
        assertEquals(0, ready.get(), "a refused AUTH never makes the link ready");
        wrong.close();
        link = null;
    }

    private RedisLink connect(BusAddress address) throws InterruptedException {
        EventLoop loop = group.next();
        RedisLink connected = new RedisLink("test", address, loop, NioSocketChannel.class, null, listener());
        int before = ready.get();
        connected.start();
        awaitCount(ready, before + 1);
        return connected;
    }

    private RedisLink.Listener listener() {
        return new RedisLink.Listener() {
            @Override
            public void ready(RedisLink link) {
                ready.incrementAndGet();
            }

            @Override
            public void lost(RedisLink link) {
                lost.incrementAndGet();
            }
        };
    }

    private static void awaitCount(AtomicInteger count, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.get() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("count stayed at " + count.get() + ", expected " + atLeast);
            }
            Thread.sleep(10);
        }
    }
}
