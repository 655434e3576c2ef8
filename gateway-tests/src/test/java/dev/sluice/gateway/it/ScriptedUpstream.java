package dev.sluice.gateway.it;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real app server for sidecar tests: an HTTP/1.1 server on a loopback {@link ServerSocket}, one
 * thread per connection, keep-alive, whose answer to each path is a script the test writes against
 * the raw socket (chunks, pauses, resets), so the test controls and observes exactly what goes over
 * the wire.
 */
final class ScriptedUpstream implements Closeable {

    /** Answers one request; throw or close the socket to end the connection. */
    @FunctionalInterface
    interface Script {
        void answer(Exchange exchange) throws Exception;
    }

    /** A request as the upstream received it. */
    record Request(String method, String target, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket server;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    ScriptedUpstream() throws IOException {
        server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "upstream-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    void on(String path, Script script) {
        scripts.put(path, script);
    }

    /** Every request received so far, in order. */
    List<Request> requests() {
        return requests;
    }

    /** TCP connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** TCP connections open now (accepted and not yet closed by either side). */
    long openConnections() {
        return sockets.stream().filter(socket -> !socket.isClosed()).count();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                sockets.add(socket);
                Thread worker = new Thread(() -> serve(socket), "upstream-conn-" + connections.get());
                worker.setDaemon(true);
                worker.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!socket.isClosed()) {
                Request request = readRequest(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                String path = request.target().split("\\?", 2)[0];
                Script script = scripts.get(path);
                Exchange exchange = new Exchange(socket, in, out, request);
                if (script == null) {
                    exchange.respond(404, "application/json", "{\"error\":\"no script\"}");
                } else {
                    script.answer(exchange);
                }
                if (!exchange.ended) {
                    return;
                }
            }
        } catch (Exception connectionOver) {
            // The script ended the connection, or the gateway did: both are what tests provoke.
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        String requestLine;
        try {
            requestLine = CrlfLines.read(in);
        } catch (EOFException idleClose) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while (!(line = CrlfLines.read(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = headers.containsKey("content-length") ? Integer.parseInt(headers.get("content-length")) : 0;
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Request(parts[0], parts[1], headers, body);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /** One request and the means to answer it on the raw socket. */
    static final class Exchange {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final Request request;
        private boolean ended;

        Exchange(Socket socket, InputStream in, OutputStream out, Request request) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.request = request;
        }

        /** A complete answer with a Content-Length; the connection stays open for the next request. */
        void respond(int status, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            write("HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n");
            out.write(bytes);
            out.flush();
            ended = true;
        }

        /** A complete answer with extra header lines ({@code "Name: value"}); the connection stays open. */
        void respond(int status, List<String> headers, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " X\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            write(head + "Content-Length: " + bytes.length + "\r\n\r\n");
            out.write(bytes);
            out.flush();
            ended = true;
        }

        /** Starts a chunked answer. */
        void startChunked(String contentType) throws IOException {
            write("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n");
        }

        void chunk(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            write(Integer.toHexString(bytes.length) + "\r\n");
            out.write(bytes);
            write("\r\n");
        }

        /** Ends a chunked answer; the connection stays open for the next request. */
        void endChunked() throws IOException {
            write("0\r\n\r\n");
            ended = true;
        }

        /** Closes the connection with a TCP reset (SO_LINGER 0) instead of a FIN. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        /**
         * Blocks until the gateway closes the connection (read returns end of stream or the socket
         * resets); returns {@link System#nanoTime()} at that moment.
         */
        long awaitClose() throws IOException {
            try {
                while (in.read() >= 0) {
                    // The gateway sends nothing more on this connection; anything read is ignored.
                }
            } catch (SocketException reset) {
                // A reset is a close too.
            }
            return System.nanoTime();
        }

        private void write(String ascii) throws IOException {
            out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }
}
