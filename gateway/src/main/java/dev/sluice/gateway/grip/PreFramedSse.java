package dev.sluice.gateway.grip;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decides whether bytes an app server framed as SSE itself (GRIP's {@code http-stream} content) can be
 * passed on verbatim without breaking the framing of what Sluice writes around them (SPEC section 10).
 *
 * <p>Sluice writes whole events ending in a blank line, with LF line ends. Content spliced between two
 * of them must therefore leave a browser's parser where Sluice's own events do: at the start of a line
 * with no field of an unfinished event pending. So the content must
 * <ul>
 *   <li>be valid UTF-8 (a browser would turn a bad sequence into U+FFFD, but a sequence cut at the end
 *       would swallow the first byte Sluice writes next);</li>
 *   <li>contain no NUL (an {@code id} with NUL is ignored by browsers, a sign of garbage, not SSE);</li>
 *   <li>use LF or CRLF line ends, never a bare CR (a CR at the very end would join Sluice's next LF into
 *       one line end; inside, it is a line end only some parsers honour, so it is refused everywhere);</li>
 *   <li>end with a line end, and with a blank line if it holds any field ({@code data:}, {@code event:},
 *       {@code id:}, {@code retry:}, …): comment-only content ({@code ": keep-alive\n"}) is fine as it is.</li>
 * </ul>
 * Nothing is rewritten: content that passes goes out byte for byte; content that fails is refused with
 * the reason, so the app server learns of its bug instead of its clients seeing half an event.
 */
public final class PreFramedSse {

    private PreFramedSse() {
    }

    /** Returns {@code null} when {@code content} can be passed on as is, else why it cannot. */
    public static String problem(byte[] content) {
        if (content.length == 0) {
            return "content is empty";
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content));
        } catch (CharacterCodingException e) {
            return "content is not valid UTF-8";
        }
        boolean lineStart = true;
        boolean fieldPending = false;
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == 0) {
                return "content contains a NUL byte";
            }
            if (b == '\r') {
                if (i + 1 == content.length || content[i + 1] != '\n') {
                    return "content contains a CR not followed by LF";
                }
                continue;
            }
            if (b == '\n') {
                if (lineStart) {
                    fieldPending = false; // a blank line: the event, if any, is dispatched
                }
                lineStart = true;
                continue;
            }
            if (lineStart && b != ':') {
                fieldPending = true;
            }
            lineStart = false;
        }
        if (!lineStart) {
            return "content does not end with a line end";
        }
        if (fieldPending) {
            return "content does not end on an event boundary (a blank line)";
        }
        return null;
    }
}
