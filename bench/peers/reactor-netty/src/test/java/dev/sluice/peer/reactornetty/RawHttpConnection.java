package dev.sluice.peer.reactornetty;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** One HTTP/1.1 connection over a plain socket, to see what a client library hides: chunking and reuse. */
final class RawHttpConnection implements AutoCloseable {

    /** A response as it came off the wire; the body is de-chunked and {@code chunked} says whether it was. */
    record Response(String statusLine, Map<String, String> headers, String body, boolean chunked) {
    }

    private final Socket socket;
    private final InputStream in;

    RawHttpConnection(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        socket.setSoTimeout(5_000);
        in = new BufferedInputStream(socket.getInputStream());
    }

    void send(String method, String pathAndQuery) throws IOException {
        String request = method + " " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads the status line and headers only, leaving the body on the wire. */
    Response readHead() throws IOException {
        String statusLine = line();
        Map<String, String> headers = new TreeMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        return new Response(statusLine, headers, "", "chunked".equalsIgnoreCase(headers.get("transfer-encoding")));
    }

    /** Reads one whole response, body included. */
    Response readResponse() throws IOException {
        Response head = readHead();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head.chunked()) {
            for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
                body.write(in.readNBytes(size));
                if (!line().isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
            if (!line().isEmpty()) {
                throw new IOException("trailers are not expected");
            }
        } else {
            body.write(in.readNBytes(Integer.parseInt(head.headers().getOrDefault("content-length", "0"))));
        }
        return new Response(head.statusLine(), head.headers(), body.toString(StandardCharsets.UTF_8), head.chunked());
    }

    /** Reads raw body bytes until {@code text} has been seen (for a stream whose end is not awaited). */
    void readUntil(String text) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (seen.indexOf(text) < 0) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("connection closed before " + text + " in " + seen);
            }
            seen.append((char) b);
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("connection closed mid-line: " + line);
            }
            line.append((char) b);
        }
        int end = line.length() - 1;
        if (end < 0 || line.charAt(end) != '\r') {
            throw new IOException("line not ended by CRLF: " + line);
        }
        return line.substring(0, end);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
