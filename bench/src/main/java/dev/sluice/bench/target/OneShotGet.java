package dev.sluice.bench.target;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain {@code GET} on its own connection with {@code Connection: close}. The bench counts the
 * connections open on a target's port, so its own probes must not leave a pooled keep-alive connection
 * behind (as {@link java.net.http.HttpClient} would).
 *
 * @param status the response status, or -1 when no response came
 * @param body   the response body (chunked bodies are left as sent; metrics text stays readable)
 */
public record OneShotGet(int status, String body) {

    /** GETs {@code path} from {@code host:port} within {@code timeoutMs}. */
    public static OneShotGet fetch(String host, int port, String path, int timeoutMs) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nConnection: close\r\nAccept-Encoding: identity\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int space = response.indexOf(' ');
            if (!response.startsWith("HTTP/") || space < 0 || response.length() < space + 4) {
                return new OneShotGet(-1, "");
            }
            int status = Integer.parseInt(response.substring(space + 1, space + 4));
            int bodyStart = response.indexOf("\r\n\r\n");
            return new OneShotGet(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        } catch (IOException | RuntimeException e) {
            return new OneShotGet(-1, "");
        }
    }
}
