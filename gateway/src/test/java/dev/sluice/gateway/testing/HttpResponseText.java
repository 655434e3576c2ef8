package dev.sluice.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.x response parsed from the raw bytes a server wrote, for tests that check the wire
 * itself: status line, headers as sent, and the body framed by {@code Content-Length}, chunked
 * encoding, or (with neither) the end of the bytes. Strict: a malformed frame fails the test.
 *
 * @param statusLine the first line, e.g. {@code HTTP/1.1 200 OK}
 * @param status the status code
 * @param headers header values by lower-case name, in the order sent
 * @param chunks the payload of each chunk in order (empty when not chunked)
 * @param body the body decoded as UTF-8 (chunks joined)
 */
public record HttpResponseText(String statusLine, int status, Map<String, List<String>> headers,
        List<String> chunks, String body) {

    /** The single value of a header, or {@code null}; fails when the header was sent twice. */
    public String header(String name) {
        return SentHeaders.single(headers, name);
    }

    public boolean isChunked() {
        return SentHeaders.isChunked(headers);
    }

    /** Parses every response in {@code raw} (bytes as ISO-8859-1 text, one char per byte). */
    public static List<HttpResponseText> parseAll(String raw) {
        List<HttpResponseText> responses = new ArrayList<>();
        int[] position = {0};
        while (position[0] < raw.length()) {
            responses.add(parseOne(raw, position));
        }
        return responses;
    }

    /** Parses {@code raw}, which must hold exactly one response. */
    public static HttpResponseText parseSingle(String raw) {
        List<HttpResponseText> all = parseAll(raw);
        if (all.size() != 1) {
            throw new AssertionError("expected one response, got " + all.size() + ":\n" + raw);
        }
        return all.get(0);
    }

    private static HttpResponseText parseOne(String raw, int[] position) {
        int headEnd = raw.indexOf("\r\n\r\n", position[0]);
        if (headEnd < 0) {
            throw new AssertionError("response head not terminated:\n" + raw.substring(position[0]));
        }
        String[] lines = raw.substring(position[0], headEnd).split("\r\n", -1);
        String statusLine = lines[0];
        String[] statusParts = statusLine.split(" ", 3);
        if (statusParts.length < 2 || !statusParts[0].startsWith("HTTP/1.")) {
            throw new AssertionError("bad status line: " + statusLine);
        }
        int status = Integer.parseInt(statusParts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new AssertionError("bad header line: " + lines[i]);
            }
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        int bodyStart = headEnd + 4;
        List<String> chunks = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        List<String> encoding = headers.get("transfer-encoding");
        List<String> length = headers.get("content-length");
        if (encoding != null && encoding.size() == 1 && "chunked".equalsIgnoreCase(encoding.get(0))) {
            if (length != null) {
                throw new AssertionError("response has both Content-Length and chunked encoding");
            }
            position[0] = readChunks(raw, bodyStart, chunks, body);
        } else if (length != null) {
            int size = Integer.parseInt(length.get(0));
            if (bodyStart + size > raw.length()) {
                throw new AssertionError("body shorter than Content-Length " + size);
            }
            body.append(raw, bodyStart, bodyStart + size);
            position[0] = bodyStart + size;
        } else {
            body.append(raw, bodyStart, raw.length());
            position[0] = raw.length();
        }
        return new HttpResponseText(statusLine, status, headers, List.copyOf(chunks), utf8(body.toString()));
    }

    private static int readChunks(String raw, int from, List<String> chunks, StringBuilder body) {
        int at = from;
        while (true) {
            int sizeEnd = raw.indexOf("\r\n", at);
            if (sizeEnd < 0) {
                throw new AssertionError("chunk size line not terminated at " + at);
            }
            int size = Integer.parseInt(raw.substring(at, sizeEnd).trim(), 16);
            at = sizeEnd + 2;
            if (size == 0) {
                if (!raw.startsWith("\r\n", at)) {
                    throw new AssertionError("last chunk not followed by CRLF (trailers are not expected)");
                }
                return at + 2;
            }
            if (at + size + 2 > raw.length() || !raw.startsWith("\r\n", at + size)) {
                throw new AssertionError("chunk of " + size + " bytes not followed by CRLF");
            }
            String chunk = raw.substring(at, at + size);
            chunks.add(utf8(chunk));
            body.append(chunk);
            at += size + 2;
        }
    }

    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
