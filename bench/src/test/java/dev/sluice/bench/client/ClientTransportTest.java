package dev.sluice.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The bench measures with the native transport: on linux-x86_64 (the natives the build ships) the
 * client picks epoll, and epoll's error path (the JNI errno table that a mismatched native library
 * lacked, which made the client fall back to NIO) works.
 */
class ClientTransportTest {

    @Test
    void linuxX86_64PicksEpollAndItsErrorPathLoads() throws Exception {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(os.contains("linux") && ("amd64".equals(arch) || "x86_64".equals(arch)),
                "the build ships epoll natives for linux-x86_64 only");
        assertTrue(Epoll.isAvailable(), () -> "epoll unavailable: " + Epoll.unavailabilityCause());
        assertEquals(ClientTransport.EPOLL, ClientTransport.best());

        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        EventLoopGroup group = ClientTransport.EPOLL.newGroup(1);
        try {
            ChannelFuture refused = new Bootstrap().group(group).channel(ClientTransport.EPOLL.channelClass())
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect("127.0.0.1", closedPort).await();
            assertFalse(refused.isSuccess());
            // Worded by io.netty.channel.unix.Errors from the native errno: the class that could not
            // load when classes and natives came from different Netty versions.
            assertTrue(String.valueOf(refused.cause().getMessage()).contains("failed with error(-111)"),
                    () -> "not the native error path: " + refused.cause());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
