package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that never read, whose stream's very first write (a batch of zero-delay ~2 KB events) goes
 * over the high water mark: they are closed once the slow-client timeout passes, like any other.
 *
 * <p>The channel turns unwritable inside that first write, while the route is still starting the
 * stream and before the router knows it as active, so the change used to be lost and the slow-client
 * clock never started. Loopback's 64 KB MSS lets the gateway's send buffer grow large enough to
 * take much of the first batch, which changes what the test sees; a real client has a 1,460-byte MSS.
 * These clients advertise that ({@code TCP_MAXSEG} set before connect, so the SYN carries it and the
 * gateway's socket sizes its send buffer for it) and have a small receive buffer, so the gateway's
 * first write stays queued over the high water mark.
 */
class StalledFirstWriteTest {
    private static final long SLOW_CLIENT_TIMEOUT_MS = 1000;
    private static final int STAGES = 600;
    private static final int LABEL_CHARS = 2000;
    private static final int CLIENTS = 5;
    /** {@code IPPROTO_TCP} and {@code TCP_MAXSEG} from {@code <netinet/tcp.h>} on Linux. */
    private static final IntegerUnixChannelOption TCP_MAXSEG = new IntegerUnixChannelOption("TCP_MAXSEG", 6, 2);

    private static GatewayServer server;
    private static EventLoopGroup clientLoop;

    @BeforeAll
    static void start() throws InterruptedException {
        server = FloodingGateway.start(STAGES, LABEL_CHARS, SLOW_CLIENT_TIMEOUT_MS);
    }

    @AfterAll
    static void stop() {
        server.shutdown(0);
        if (clientLoop != null) {
            clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void neverReadingClientsWhoseFirstWriteOverflowsAreClosedAfterTheTimeout() throws Exception {
        Epoll.ensureAvailability(); // the gateway ships linux-x86_64 epoll natives; TCP_MAXSEG needs them
        clientLoop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap().group(clientLoop).channel(EpollSocketChannel.class)
                .option(ChannelOption.SO_RCVBUF, 2048)
                .option(TCP_MAXSEG, 1460)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // Nothing: these clients never read, and the pipeline's tail releases whatever is read at the end.
                    }
                });
        StreamRegistry streams = server.streams();
        List<Channel> clients = new ArrayList<>();
        // Before any request: no stream can have started its slow-client clock earlier.
        long sent = System.nanoTime();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                Channel client = bootstrap.connect("127.0.0.1", server.port()).sync().channel();
                client.writeAndFlush(Unpooled.copiedBuffer(
                        SseTestClient.get("/api/chat/stream?message=never+reading+" + i), StandardCharsets.US_ASCII))
                        .sync();
                clients.add(client);
            }
            assertTrue(ClientGoneTest.eventually(streams::openStreams, CLIENTS, 2000), "every stream started");

            assertTrue(ClientGoneTest.eventually(() -> streams.endedStreams(StreamOutcome.SLOW_CLIENT), CLIENTS,
                            SLOW_CLIENT_TIMEOUT_MS + 3000),
                    () -> "dropped as slow: " + streams.endedStreams(StreamOutcome.SLOW_CLIENT) + " of " + CLIENTS
                            + ", still open " + streams.openStreams());
            long droppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertTrue(droppedMs >= SLOW_CLIENT_TIMEOUT_MS, "dropped after " + droppedMs + " ms");
            assertEquals(0, streams.openStreams());
            for (Channel client : clients) {
                client.config().setAutoRead(true); // reads what was queued, then sees the gateway's close
                assertTrue(client.closeFuture().await(5, TimeUnit.SECONDS), "the gateway closed " + client);
            }
        } finally {
            for (Channel client : clients) {
                client.close().syncUninterruptibly();
            }
        }
    }
}
