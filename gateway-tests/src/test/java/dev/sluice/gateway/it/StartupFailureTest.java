package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    private static final Path JAR = Path.of("..", "gateway", "target", "sluice-gateway.jar");

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
        assertTrue(Files.isRegularFile(JAR), "build the gateway jar first: " + JAR.toAbsolutePath());
        Path log = dir.resolve("gateway.out");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), () -> "the gateway is still running:\n" + output(log));
            assertEquals(1, process.exitValue(), () -> output(log));
            List<String> ours = output(log).lines().filter(l -> l.startsWith("sluice:")).toList();
            assertEquals(List.of("sluice: cannot listen on 127.0.0.1:" + port + ": Address already in use"), ours,
                    () -> "one clear line:\n" + output(log));
            assertFalse(output(log).contains("Exception") || output(log).contains("\tat "),
                    () -> "no stack trace:\n" + output(log));
        }
    }

    private static String output(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
