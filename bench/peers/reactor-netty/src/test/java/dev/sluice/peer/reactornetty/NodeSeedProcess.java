package dev.sluice.peer.reactornetty;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The node-seed peer ({@code ../node-seed/server.js}) run as a {@code node} process on a free port, exactly as
 * the bench starts it; closing it sends SIGTERM (SIGKILL after 3 s). Tests using it are skipped where no
 * {@code node} is installed.
 */
record NodeSeedProcess(Process process, int port) implements PeerContractTest.RunningPeer {

    static final Path SERVER = Path.of("..", "node-seed", "server.js").toAbsolutePath().normalize();

    /** Starts server.js with {@code flags} and waits for its {@code listening on PORT} line. */
    static NodeSeedProcess start(String... flags) throws Exception {
        Assumptions.assumeTrue(nodeInstalled(), "node is not installed");
        assertTrue(Files.isRegularFile(SERVER), SERVER + " exists");
        List<String> command = new ArrayList<>(List.of("node", SERVER.toString(), "--port", "0"));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
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
        return new NodeSeedProcess(process, Integer.parseInt(line.substring("listening on ".length())));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static boolean nodeInstalled() {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor(5, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
