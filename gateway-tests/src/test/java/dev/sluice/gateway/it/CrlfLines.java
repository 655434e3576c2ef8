package dev.sluice.gateway.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads the CRLF-terminated lines of HTTP/1.1 heads and chunk framing straight off a socket's stream. */
final class CrlfLines {

    private CrlfLines() {
    }

    /**
     * Reads one CRLF-terminated line as ISO-8859-1, without the CRLF; a lone CR or LF stays in the line.
     *
     * @throws EOFException when the stream ends before the CRLF
     */
    static String read(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed mid-line after: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }
}
