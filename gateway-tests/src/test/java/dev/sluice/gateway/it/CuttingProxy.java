package dev.sluice.gateway.it;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that drops one connection in the middle of an event stream, as a flaky
 * network, a mobile hand-over or a proxy's restart would. The first connection whose client bytes carry
 * {@code marker} (say {@code "GET /api/chat/stream"}) is cut once the server's bytes after that request
 * have carried {@code cutAfterBlankLines} SSE blank lines ({@code "\n\n"}: the {@code retry:} hint, then
 * one per event): both sides are closed without forwarding another byte. Every other connection is
 * relayed whole, so a client that reconnects gets through. One thread per direction per connection.
 */
final class CuttingProxy implements Closeable {
    private final ServerSocket server;
    private final int targetPort;
    private final int cutAfterBlankLines;
    private final byte[] marker;
    private final AtomicBoolean armedOnce = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean cut;

    CuttingProxy(int targetPort, String marker, int cutAfterBlankLines) throws IOException {
        this.targetPort = targetPort;
        this.marker = marker.getBytes(StandardCharsets.US_ASCII);
        this.cutAfterBlankLines = cutAfterBlankLines;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cutting-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Whether the first connection has been cut. */
    boolean hasCut() {
        return cut;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                connections.incrementAndGet();
                AtomicBoolean armed = new AtomicBoolean();
                start(() -> pump(client, upstream, armed, true), "cutting-proxy-up");
                start(() -> pump(upstream, client, armed, false), "cutting-proxy-down");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Copies {@code from} to {@code to} byte for byte. The client side arms its connection when it sees
     * the marker (before forwarding it, so the answer cannot come first); the server side of an armed
     * connection stops at the cut point.
     */
    private void pump(Socket from, Socket to, AtomicBoolean armed, boolean fromClient) {
        byte[] buffer = new byte[8192];
        int blankLines = 0;
        byte previous = 0;
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int forward = n;
                if (fromClient && !armed.get() && contains(buffer, n, marker) && armedOnce.compareAndSet(false, true)) {
                    armed.set(true);
                }
                boolean cutting = !fromClient && armed.get();
                if (cutting) {
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n' && previous == '\n' && ++blankLines == cutAfterBlankLines) {
                            forward = i + 1;
                            break;
                        }
                        previous = buffer[i];
                    }
                }
                out.write(buffer, 0, forward);
                out.flush();
                if (forward < n || (cutting && blankLines >= cutAfterBlankLines)) {
                    cut = true;
                    from.close();
                    to.close();
                    return;
                }
            }
        } catch (IOException e) {
            // the other direction closed the connection
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (buffer[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }
}
