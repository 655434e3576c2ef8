package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar started on a port that is taken: it prints one line saying so and exits with
 * status 1, instead of staying up with live event loops and nothing listening (which a supervisor
 * would take for a healthy gateway).
 */
class StartupFailureTest {
    @TempDir
    Path dir;
    private Process process;

    @AfterEach
    void killIfLeft() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    void aTakenPortEndsTheProcessWithOneLineAndStatusOne() throws Exception {
        Path log = dir.resolve("gateway.out");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            process = GatewayProcess.launch(log, "--port", Integer.toString(port));
            assertTrue(process.waitFor(20, TimeUnit.SECONDS),
                    () -> "the gateway is still running:\n" + GatewayProcess.output(log));
            String output = GatewayProcess.output(log);
            assertEquals(1, process.exitValue(), output);
            List<String> ours = output.lines().filter(l -> l.startsWith("sluice:")).toList();
            assertEquals(List.of("sluice: cannot listen on 127.0.0.1:" + port + ": Address already in use"), ours,
                    "one clear line:\n" + output);
            assertFalse(output.contains("Exception") || output.contains("\tat "), "no stack trace:\n" + output);
        }
    }
}
