package dev.sluice.gateway.it;

import dev.sluice.gateway.testing.SentHeaders;

import java.util.List;
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
        return SentHeaders.single(headers, name);
    }

    public boolean isChunked() {
        return SentHeaders.isChunked(headers);
    }
}
