package dev.sluice.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A start that fails (a port is taken) throws one operator-readable message and leaves nothing
 * behind: no event-loop thread (they are not daemons, so one would keep the process alive) and no
 * bound socket.
 */
class GatewayStartTest {

    @Test
    void aTakenPortFailsTheStartWithOneLineAndStopsEveryThreadItStarted() throws Exception {
        Set<Thread> before = eventLoopThreads();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            GatewayStartException failed = assertThrows(GatewayStartException.class, () -> GatewayServer.start(
                    GatewayConfig.of(Map.of(ConfigOption.HOST, "127.0.0.1", ConfigOption.PORT, Integer.toString(port)))));
            assertEquals("cannot listen on 127.0.0.1:" + port + ": Address already in use", failed.getMessage());
        }
        assertEquals(before, eventLoopThreads(), "the failed start's event loops are stopped");
    }

    @Test
    void aTakenAdminPortAlsoReleasesTheMainPort() throws Exception {
        Set<Thread> before = eventLoopThreads();
        int mainPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            mainPort = probe.getLocalPort();
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int adminPort = taken.getLocalPort();
            GatewayStartException failed = assertThrows(GatewayStartException.class, () -> GatewayServer.start(
                    GatewayConfig.of(Map.of(ConfigOption.HOST, "127.0.0.1", ConfigOption.PORT, Integer.toString(mainPort),
                            ConfigOption.ADMIN_PORT, Integer.toString(adminPort)))));
            assertTrue(failed.getMessage().startsWith("cannot listen on 127.0.0.1:" + adminPort + ": "),
                    failed.getMessage());
        }
        try (ServerSocket again = new ServerSocket(mainPort, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(mainPort, again.getLocalPort(), "the main port was closed again");
        }
        assertEquals(before, eventLoopThreads());
    }

    private static Set<Thread> eventLoopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(GatewayServer.THREAD_PREFIX))
                .collect(Collectors.toSet());
    }
}
