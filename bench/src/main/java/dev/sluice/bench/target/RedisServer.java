package dev.sluice.bench.target;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code redis-server} the bench starts for a bus run (gateways with {@code --bus redis://...}): on a free
 * loopback port, nothing persisted, stopped with the run (and by the bench's shutdown hook).
 */
public final class RedisServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server logging into {@code workDir} and waits until it answers PING. */
    public static RedisServer start(Path workDir) throws IOException, InterruptedException {
        int port = TargetLauncher.freePort();
        Process process = ChildProcesses.track(new ProcessBuilder(List.of("redis-server", "--port",
                Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("redis-" + port + ".log").toFile())
                .start());
        RedisServer server = new RedisServer(process, port);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!server.answersPing()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("redis-server did not start on port " + port + " (is it installed?)");
            }
            Thread.sleep(50);
        }
        return server;
    }

    /** The URL gateways take as {@code --bus}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(7);
            return new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process, 5);
    }
}
