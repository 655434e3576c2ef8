package dev.sluice.gateway.it;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A response's status line and headers as read off the socket.
 *
 * @param statusLine e.g. {@code HTTP/1.1 200 OK}
 * @param status the status code
 * @param headers values by lower-case name, in the order sent
 * @param arrivalNanos {@link System#nanoTime()} when the head was complete
 */
public record ResponseHead(String statusLine, int status, Map<String, List<String>> headers, long arrivalNanos) {

    /** The header's single value, or {@code null}; fails when it was sent more than once. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        if (values == null) {
            return null;
        }
        if (values.size() != 1) {
            throw new AssertionError("header " + name + " sent " + values.size() + " times: " + values);
        }
        return values.get(0);
    }

    public boolean isChunked() {
        return "chunked".equalsIgnoreCase(header("transfer-encoding"));
    }
}
