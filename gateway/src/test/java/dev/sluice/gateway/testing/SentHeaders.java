package dev.sluice.gateway.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a response's headers as sent (values by lower-case name, in order), failing the test when a
 * header that must appear at most once was repeated.
 */
public final class SentHeaders {

    private SentHeaders() {
    }

    /** The header's single value, or {@code null}; fails when it was sent more than once. */
    public static String single(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        if (values == null) {
            return null;
        }
        if (values.size() != 1) {
            throw new AssertionError("header " + name + " sent " + values.size() + " times: " + values);
        }
        return values.get(0);
    }

    /** Whether the body is chunked: a single {@code Transfer-Encoding: chunked}. */
    public static boolean isChunked(Map<String, List<String>> headers) {
        return "chunked".equalsIgnoreCase(single(headers, "transfer-encoding"));
    }
}
