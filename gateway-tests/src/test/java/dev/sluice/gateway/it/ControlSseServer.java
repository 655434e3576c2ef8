package dev.sluice.gateway.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The control for the proxy test: a minimal SSE server on a raw socket that streams seven events
 * {@code delayMs} apart, each written and flushed on its own, and ends the body by closing the
 * connection (how the gateway answers an HTTP/1.0 request, which is what nginx sends upstream by
 * default). At {@code /plain} it omits {@code X-Accel-Buffering}; at {@code /accel-off} it sends
 * {@code X-Accel-Buffering: no}, and nothing else differs. Through nginx the first must arrive in
 * one burst and the second one by one; otherwise the proxy test cannot tell a buffering proxy from
 * a streaming one and proves nothing.
 *
 * <p>Test code only, so it may block and sleep on its own threads.
 */
final class ControlSseServer implements AutoCloseable {
    static final int EVENTS = 7;

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final long delayMs;

    private ControlSseServer(ServerSocket socket, long delayMs) {
        this.socket = socket;
        this.delayMs = delayMs;
    }

    static ControlSseServer start(long delayMs) throws IOException {
        ControlSseServer server = new ControlSseServer(new ServerSocket(0, 16, InetAddress.getLoopbackAddress()),
                delayMs);
        server.threads.execute(server::accept);
        return server;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                threads.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            String requestLine = in.readLine();
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // headers are not needed
            }
            boolean accelOff = requestLine != null && requestLine.contains(" /accel-off");
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\n"
                    + (accelOff ? "X-Accel-Buffering: no\r\n" : "") + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int seq = 1; seq <= EVENTS; seq++) {
                if (seq > 1) {
                    Thread.sleep(delayMs);
                }
                String name = seq < EVENTS ? "stage" : "complete";
                out.write(("id: " + seq + "\nevent: " + name + "\ndata: {\"seq\":" + seq + "}\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException clientGone) {
            // the test closed its side early; nothing to clean up beyond the socket
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
