package dev.sluice.gateway.it;

import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.SseParser;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.x client on a raw {@link Socket}, for tests that must see the wire: it writes request
 * bytes exactly as given and reads responses incrementally, decoding chunked framing itself and
 * stamping each SSE event with the {@link System#nanoTime()} at which its last byte was read.
 *
 * <p>Use: {@link #send}, then {@link #readHead}, then {@link #nextEvent} until it returns
 * {@code null} (the stream's end), or {@link #readBody} for a {@code Content-Length} answer. The
 * same connection can then carry the next request. Not thread-safe. Every read gives up after
 * {@link #READ_TIMEOUT_MS} so a broken gateway fails the test instead of hanging it.
 */
public final class SseTestClient implements Closeable {
    static final int READ_TIMEOUT_MS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final List<String> chunks = new ArrayList<>();
    private final ArrayDeque<ReceivedEvent> ready = new ArrayDeque<>();
    private SseParser parser;
    private ResponseHead head;
    private boolean bodyEnded;
    private long sentNanos;
    private Reader untilClose;

    private SseTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to the gateway on loopback. */
    public static SseTestClient connect(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
            return new SseTestClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** A GET of {@code target} with only a Host header. */
    public static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    /** A POST of a JSON body to the chat stream. */
    public static String postJson(String json) {
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        return "POST /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\n\r\n" + json;
    }

    /** Writes {@code raw} as UTF-8 bytes. */
    public void send(String raw) throws IOException {
        sendBytes(raw.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(byte[] raw) throws IOException {
        sentNanos = System.nanoTime();
        out.write(raw);
        out.flush();
    }

    /** {@link System#nanoTime()} just before the last request was written. */
    public long sentNanos() {
        return sentNanos;
    }

    /** Reads the next response's status line and headers. */
    public ResponseHead readHead() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while (!(line = CrlfLines.read(in)).isEmpty()) {
            lines.add(line);
        }
        String[] status = lines.get(0).split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new AssertionError("bad status line: " + lines.get(0));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header : lines.subList(1, lines.size())) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new AssertionError("bad header line: " + header);
            }
            headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(header.substring(colon + 1).trim());
        }
        head = new ResponseHead(lines.get(0), Integer.parseInt(status[1]), headers, System.nanoTime());
        parser = new SseParser();
        chunks.clear();
        ready.clear();
        bodyEnded = false;
        return head;
    }

    /** Reads a {@code Content-Length} body as UTF-8. */
    public String readBody() throws IOException {
        String length = head.header("content-length");
        if (length == null) {
            throw new AssertionError("response has no Content-Length: " + head);
        }
        byte[] body = in.readNBytes(Integer.parseInt(length));
        if (body.length != Integer.parseInt(length)) {
            throw new EOFException("connection closed inside the body");
        }
        bodyEnded = true;
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Returns the stream's next event, reading more of the body as needed, or {@code null} once the
     * body has ended (the last chunk, or for an unchunked stream the server closing).
     */
    public ReceivedEvent nextEvent() throws IOException {
        while (ready.isEmpty() && !bodyEnded) {
            String text = head.isChunked() ? readChunk() : readAvailableUntilClose();
            if (text != null) {
                ready.addAll(parser.feed(text));
            }
        }
        return ready.poll();
    }

    /** Reads events until the body ends. */
    public List<ReceivedEvent> readEvents() throws IOException {
        List<ReceivedEvent> events = new ArrayList<>();
        ReceivedEvent event;
        while ((event = nextEvent()) != null) {
            events.add(event);
        }
        return events;
    }

    /** The payload of each chunk of the current response so far, in order. */
    public List<String> chunks() {
        return chunks;
    }

    /** The SSE parser of the current response, for its retries and comments. */
    public SseParser parser() {
        return parser;
    }

    /**
     * Waits (up to the read timeout) for the server to close the connection: true on end of stream or
     * reset; fails if the server sends more bytes; false if it stays open.
     */
    public boolean awaitServerClose() throws IOException {
        try {
            int b = in.read();
            if (b != -1) {
                throw new AssertionError("expected the connection to close, got more bytes: " + (char) b);
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /**
     * Reads whatever the server still sends until it closes the connection (end of stream or reset),
     * within the read timeout; returns it as ISO-8859-1 text.
     */
    public String readUntilServerClose() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                rest.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the server kept the connection open; got: " + rest.toString(StandardCharsets.ISO_8859_1));
        } catch (SocketException reset) {
            // closed with a reset (the server left unread bytes behind): closed all the same
        }
        return rest.toString(StandardCharsets.ISO_8859_1);
    }

    /** Half-closes: the server reads end of stream, this side can still read. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** True when nothing arrives and the connection stays open for {@code millis}. */
    public boolean staysQuietFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            int b = in.read();
            if (b == -1) {
                return false;
            }
            throw new AssertionError("unexpected byte: " + (char) b);
        } catch (SocketTimeoutException quiet) {
            return true;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    private String readChunk() throws IOException {
        String sizeLine = CrlfLines.read(in);
        int size = Integer.parseInt(sizeLine.trim(), 16);
        if (size == 0) {
            String trailerEnd = CrlfLines.read(in);
            if (!trailerEnd.isEmpty()) {
                throw new AssertionError("unexpected trailer after the last chunk: " + trailerEnd);
            }
            bodyEnded = true;
            return null;
        }
        byte[] payload = in.readNBytes(size);
        if (payload.length != size || !CrlfLines.read(in).isEmpty()) {
            throw new AssertionError("chunk of " + size + " bytes not framed by CRLF");
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        chunks.add(text);
        return text;
    }

    /** An unchunked stream runs until the server closes, so a reader may decode the rest of the socket. */
    private String readAvailableUntilClose() throws IOException {
        if (untilClose == null) {
            untilClose = new InputStreamReader(in, StandardCharsets.UTF_8);
        }
        char[] buffer = new char[4096];
        int n = untilClose.read(buffer);
        if (n < 0) {
            bodyEnded = true;
            return null;
        }
        return new String(buffer, 0, n);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
