package dev.sluice.peer.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The peer contract against the node-seed peer ({@code ../node-seed/server.js}) run as a {@code node} process,
 * exactly as the bench starts it. Skipped only where no {@code node} is installed.
 */
class NodeSeedPeerTest extends PeerContractTest {

    private static final Path SERVER = Path.of("..", "node-seed", "server.js").toAbsolutePath().normalize();

    private record NodeProcess(Process process, int port) implements RunningPeer {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    NodeProcess start(long stageDelayMs, int stages) throws Exception {
        Assumptions.assumeTrue(NodeJs.installed(), "node is not installed");
        assertTrue(Files.isRegularFile(SERVER), SERVER + " exists");
        Process process = new ProcessBuilder("node", SERVER.toString(), "--port", "0",
                "--stage-delay-ms", Long.toString(stageDelayMs), "--stages", Integer.toString(stages))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(5, TimeUnit.SECONDS);
        if (line == null || !line.matches("listening on \\d+")) {
            process.destroyForcibly();
            throw new AssertionError("expected 'listening on PORT' first on stdout, got: " + line);
        }
        return new NodeProcess(process, Integer.parseInt(line.substring("listening on ".length())));
    }

    /**
     * On SIGTERM the peer stops accepting and exits once nothing is pending: while a client holds a stream it
     * stays up, and once the client leaves it must exit at once, which it cannot while the stream's timer
     * (a {@code LONG_DELAY_MS} stage delay) is still pending.
     */
    @Test
    void clientLeavingStopsTheStreamTimer() throws Exception {
        try (NodeProcess peer = start(LONG_DELAY_MS, 6)) {
            leaveAfterFirstEvent(peer.port(), () -> {
                peer.process().destroy();
                assertFalse(peer.process().waitFor(300, TimeUnit.MILLISECONDS), "exited with a stream still open");
            });
            assertTrue(peer.process().waitFor(2, TimeUnit.SECONDS), "a timer outlived its client");
            assertEquals(0, peer.process().exitValue());
        }
    }
}
