package dev.sluice.gateway.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable gateway jar as a real process, its output in a file: started with the given flags on
 * loopback with an admin port of its own, stopped with SIGTERM (a drain) or killed at the end.
 */
final class GatewayProcess implements AutoCloseable {
    static final Path JAR = Path.of("..", "gateway", "target", "sluice-gateway.jar");
    private static final Pattern LISTENING = Pattern.compile("Sluice listening on http://[^:]+:(\\d+)/");
    private static final Pattern ADMIN = Pattern.compile("admin \\(/metrics, /healthz, /readyz\\) on [^:]*:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;
    private final int adminPort;

    private GatewayProcess(Process process, Path log, int port, int adminPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.adminPort = adminPort;
    }

    /** Starts the jar with {@code flags} (plus loopback host and a free admin port) and waits until it listens. */
    static GatewayProcess start(Path dir, String name, String... flags) throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".out");
        List<String> withAdmin = new ArrayList<>(List.of("--admin-port", "0"));
        withAdmin.addAll(List.of(flags));
        Process process = launch(log, withAdmin.toArray(String[]::new));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String output = output(log);
            Matcher listening = LISTENING.matcher(output);
            Matcher admin = ADMIN.matcher(output);
            if (listening.find() && admin.find()) {
                return new GatewayProcess(process, log, Integer.parseInt(listening.group(1)),
                        Integer.parseInt(admin.group(1)));
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output);
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new AssertionError(name + " did not report its ports:\n" + output(log));
    }

    /**
     * Starts the jar with {@code flags} on loopback, its output into {@code log}, and returns at once: for a
     * test that watches the process itself (one that must fail to start, say).
     */
    static Process launch(Path log, String... flags) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError("build the gateway jar first: " + JAR.toAbsolutePath());
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "--host", "127.0.0.1"));
        command.addAll(List.of(flags));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** A port that was free a moment ago, for processes that must share one. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    int adminPort() {
        return adminPort;
    }

    Process process() {
        return process;
    }

    /** The status {@code GET path} gets on the admin port. */
    int adminStatus(String path) throws IOException {
        return adminGet(path).status();
    }

    /** The whole answer of {@code GET path} on the admin port. */
    HttpAnswer adminGet(String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(5000);
            socket.connect(new InetSocketAddress("127.0.0.1", adminPort), 5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: admin\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int body = text.indexOf("\r\n\r\n");
            return new HttpAnswer(status, body < 0 ? "" : text.substring(body + 4));
        }
    }

    /** Waits until {@code /readyz} answers 200 on the admin port. */
    void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (adminStatus("/readyz") != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready:\n" + output());
            }
            Thread.sleep(20);
        }
    }

    /** SIGTERM: the gateway drains and exits. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to exit and returns its status. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        return output(log);
    }

    /** What the process wrote to {@code log} so far (or why it cannot be read). */
    static String output(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** A short HTTP answer: status and body. */
    record HttpAnswer(int status, String body) {
    }
}
