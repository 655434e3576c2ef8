package dev.sluice.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian package) for the bus tests, on a free loopback port, with its
 * data in a directory of the test's. It persists every write to its append-only file, so a stop and a
 * start on the same port and directory lose nothing, as an operator's Redis behind {@code --bus} must
 * be configured (docs/SCALING.md).
 */
final class RedisServer implements AutoCloseable {
    private static final String BINARY = "/usr/bin/redis-server";

    private final Path dir;
    private final int port;
    private Process process;

    private RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts redis-server in {@code dir}; skips the test (fails it under CI) when it is not installed. */
    static RedisServer start(Path dir) throws IOException, InterruptedException {
        RequiredBinary.require(BINARY, "redis-server");
        RedisServer server = new RedisServer(dir, GatewayProcess.freePort());
        server.startAgain();
        return server;
    }

    int port() {
        return port;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts (again) on the same port with the same data; returns once it answers PING. */
    void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--protected-mode", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.out").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("redis-server did not start:\n"
                        + Files.readString(dir.resolve("redis.out"), StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
    }

    /** SIGTERM: Redis finishes its append-only file and exits. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
