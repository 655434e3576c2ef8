package dev.sluice.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.gateway.config.ConfigException;
import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --reuse-port}: two gateways bind one port and both take connections; without the option the
 * second bind fails as before; with NIO the start fails with a message that says why.
 */
class ReusePortTest {

    @Test
    void twoGatewaysShareOnePortAndEachServesConnections() throws Exception {
        if (!Epoll.isAvailable() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("native epoll must load under CI: " + Epoll.unavailabilityCause());
        }
        assumeTrue(Epoll.isAvailable(), "SKIPPED LOUDLY: native epoll not available here");
        int port = freePort();
        Map<ConfigOption, String> options = Map.of(ConfigOption.HOST, "127.0.0.1",
                ConfigOption.PORT, Integer.toString(port), ConfigOption.REUSE_PORT, "true",
                ConfigOption.ADMIN_PORT, "0", ConfigOption.ACCESS_LOG, "false");
        try (GatewayServer first = GatewayServer.start(GatewayConfig.of(options));
                GatewayServer second = GatewayServer.start(GatewayConfig.of(options))) {
            assertEquals(port, first.port());
            assertEquals(port, second.port());
            assertTrue(first.adminPort() != second.adminPort(), "each process keeps an admin port of its own");
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 60; i++) {
                    Socket socket = new Socket("127.0.0.1", port);
                    held.add(socket);
                    socket.getOutputStream().write("GET /nope HTTP/1.1\r\nHost: t\r\n\r\n".getBytes());
                    byte[] head = new byte[12];
                    assertEquals(12, socket.getInputStream().readNBytes(head, 0, 12));
                    assertEquals("HTTP/1.1 404", new String(head));
                }
                // The kernel hashes each connection to one of the two sockets: both hold some of the 60.
                long onFirst = first.openConnections();
                long onSecond = second.openConnections();
                assertEquals(60, onFirst + onSecond);
                assertTrue(onFirst > 0 && onSecond > 0, onFirst + " and " + onSecond);
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void withoutTheOptionASecondGatewayCannotBindThePort() throws Exception {
        Map<ConfigOption, String> options = Map.of(ConfigOption.HOST, "127.0.0.1", ConfigOption.PORT, "0",
                ConfigOption.ACCESS_LOG, "false");
        try (GatewayServer first = GatewayServer.start(GatewayConfig.of(options))) {
            Map<ConfigOption, String> same = Map.of(ConfigOption.HOST, "127.0.0.1",
                    ConfigOption.PORT, Integer.toString(first.port()), ConfigOption.ACCESS_LOG, "false");
            Exception refused = assertThrows(Exception.class, () -> GatewayServer.start(GatewayConfig.of(same)));
            assertTrue(refused instanceof BindException || refused.getCause() instanceof BindException
                    || String.valueOf(refused.getMessage()).contains("Address already in use"), refused::toString);
        }
    }

    @Test
    void nioTransportIsAClearStartError() {
        ConfigException refused = assertThrows(ConfigException.class, () -> GatewayServer.start(GatewayConfig.of(
                Map.of(ConfigOption.HOST, "127.0.0.1", ConfigOption.PORT, "0", ConfigOption.REUSE_PORT, "true",
                        ConfigOption.TRANSPORT, "nio"))));
        assertEquals("--reuse-port needs the native epoll transport (Linux), but the transport is nio"
                + " (--transport nio)", refused.getMessage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
