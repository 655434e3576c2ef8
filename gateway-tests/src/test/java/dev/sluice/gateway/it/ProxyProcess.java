package dev.sluice.gateway.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A reverse proxy (nginx, HAProxy) run for a test as a foreground child process on a free loopback
 * port, with its config and logs in a temp dir that is deleted on {@link #close()}.
 *
 * <p>A free port can be taken by someone else between choosing it and the proxy binding it, so a
 * start that does not come up listening is retried on a new port, up to three times.
 */
final class ProxyProcess implements AutoCloseable {
    private static final int ATTEMPTS = 3;

    /** Writes the proxy's config for {@code port} and returns the command that runs it. */
    @FunctionalInterface
    interface Launch {
        ProcessBuilder forPort(int port) throws IOException;
    }

    /** Reads what the proxy logged, for the message of a start that failed. */
    @FunctionalInterface
    interface Logs {
        String read() throws IOException;
    }

    private final Path dir;
    private final Process process;
    private final int port;

    private ProxyProcess(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Starts the proxy and returns once it accepts connections; deletes {@code dir} if it never does. */
    static ProxyProcess start(String name, Path dir, Launch launch, Logs logs)
            throws IOException, InterruptedException {
        IOException lastFailure = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freePort();
            Process process = launch.forPort(port).start();
            if (awaitListening(process, port)) {
                return new ProxyProcess(dir, process, port);
            }
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            lastFailure = new IOException(name + " did not start on port " + port + ":\n" + logs.read());
        }
        HeadlessChromium.deleteTree(dir);
        throw lastFailure;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean awaitListening(Process process, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        HeadlessChromium.deleteTree(dir);
    }
}
