package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.testing.ReceivedEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.sluice.gateway.testing.StageStreamAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a real process: SIGTERM ({@link Process#destroy()} on Linux) during open
 * streams gives every client a {@code retry:} hint and a final {@code error} event with code
 * {@code shutdown}, and the process exits with status 0.
 */
class SigtermTest {
    private static final Path JAR = Path.of("..", "gateway", "target", "sluice-gateway.jar");
    private static final Pattern LISTENING = Pattern.compile("Sluice listening on http://[^:]+:(\\d+)/");
    private static final long DRAIN_MS = 300;
    private static final int CLIENTS = 3;

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
    void sigtermDuringOpenStreamsEndsEachWithAShutdownEventAndExitsZero() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "build the gateway jar first: " + JAR.toAbsolutePath());
        Path log = dir.resolve("gateway.out");
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(),
                "--host", "127.0.0.1", "--port", "0",
                "--stages", "hold:50:60000,done:100:0",
                "--drain-timeout-ms", Long.toString(DRAIN_MS))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        int port = awaitPort(log);

        List<SseTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                SseTestClient client = SseTestClient.connect(port);
                clients.add(client);
                client.send(SseTestClient.get("/api/chat/stream?message=deploy+" + i));
                assertEquals(200, client.readHead().status());
                assertEquals("1", StageStreamAssertions.seqOf(client.nextEvent().id()));
            }

            long signalled = System.nanoTime();
            process.destroy();

            for (SseTestClient client : clients) {
                List<ReceivedEvent> rest = client.readEvents();
                assertEquals(1, rest.size(), rest::toString);
                assertEquals("error", rest.get(0).event());
                assertEquals("shutdown", rest.get(0).json().get("code"));
                long atMs = TimeUnit.NANOSECONDS.toMillis(rest.get(0).arrivalNanos() - signalled);
                assertTrue(atMs >= DRAIN_MS, "final event " + atMs + " ms after SIGTERM, before the drain deadline");
                List<Long> retries = client.parser().retries();
                assertEquals(2, retries.size(), "the stream's first retry hint, then the shutdown one");
                assertTrue(retries.get(1) >= 2000 && retries.get(1) <= 4000, "retry " + retries.get(1));
            }
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the gateway exits after draining");
            assertEquals(0, process.exitValue(), () -> "exit status; output:\n" + output(log));
            assertTrue(output(log).contains(CLIENTS + " ended with a final event"), () -> output(log));
        } finally {
            for (SseTestClient client : clients) {
                client.close();
            }
        }
    }

    private int awaitPort(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(output(log));
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("gateway exited with " + process.exitValue() + ":\n" + output(log));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("gateway did not report its port:\n" + output(log));
    }

    private static String output(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
