package dev.sluice.gateway.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy as a reverse proxy for a test, run in the foreground ({@code -db}) as a child
 * process from a config generated in a fresh temp dir.
 *
 * <p>The config is the README's "Behind HAProxy" snippet with only the addresses changed: the
 * frontend binds a free loopback port and the backend's server is the gateway. {@link #withoutNoDelay}
 * drops {@code option http-no-delay} and nothing else, for the control that shows what the option
 * is for.
 */
final class HaproxyProxy implements AutoCloseable {
    static final String HAPROXY = "/usr/sbin/haproxy";

    private final Path dir;
    private final Process process;
    private final int port;

    private HaproxyProxy(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** HAProxy with the README's config in front of the gateway on {@code upstreamPort}. */
    static HaproxyProxy start(int upstreamPort) throws IOException, InterruptedException {
        return start(upstreamPort, true);
    }

    /** The README's config minus {@code option http-no-delay}. */
    static HaproxyProxy withoutNoDelay(int upstreamPort) throws IOException, InterruptedException {
        return start(upstreamPort, false);
    }

    /**
     * Starts HAProxy and returns once it accepts connections. Skips (or under CI fails) the test if
     * HAProxy is missing.
     */
    private static HaproxyProxy start(int upstreamPort, boolean noDelay) throws IOException, InterruptedException {
        RequiredBinary.require(HAPROXY, "haproxy");
        Path dir = Files.createTempDirectory("sluice-haproxy-");
        Path cfg = dir.resolve("haproxy.cfg");
        Path log = dir.resolve("haproxy.log");
        IOException lastFailure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Files.writeString(cfg, config(port, upstreamPort, noDelay), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder(HAPROXY, "-f", cfg.toString(), "-db")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (awaitListening(process, port)) {
                return new HaproxyProxy(dir, process, port);
            }
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            lastFailure = new IOException("haproxy did not start on port " + port + ":\n" + Files.readString(log));
        }
        HeadlessChromium.deleteTree(dir);
        throw lastFailure;
    }

    private static String config(int port, int upstreamPort, boolean noDelay) {
        return "defaults\n"
                + "  mode http\n"
                + "  option http-keep-alive\n"
                + (noDelay ? "  option http-no-delay\n" : "")
                + "  timeout connect 5s\n"
                + "  timeout client  1h\n"
                + "  timeout server  1h\n"
                + "  timeout tunnel  1h\n"
                + "\n"
                + "frontend web\n"
                + "  bind 127.0.0.1:" + port + "\n"
                + "  use_backend sluice if { path_beg /sluice/ }\n"
                + "\n"
                + "backend sluice\n"
                + "  http-request replace-path /sluice(/.*) \\1\n"
                + "  server gw1 127.0.0.1:" + upstreamPort + " check inter 2s\n"
                + "  option httpchk GET /readyz\n";
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
