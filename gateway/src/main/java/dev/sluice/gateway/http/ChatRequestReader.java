package dev.sluice.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Checks the chat message of a stream request: the {@code message} query parameter of a GET (what
 * {@code EventSource} can send) or the {@code message} field of a POSTed JSON object, read with
 * jackson's streaming parser. Every way a request can be wrong ends in a {@link RejectedRequest}.
 *
 * <p>Stage streams do not use the message's text (their events are a function of the plan and the
 * stream id), so a body's message is checked where the parser holds it and never made a
 * {@code String}. The body is parsed from a copy in a per-thread scratch array (a few dozen bytes for
 * a typical body; the aggregated body is a composite of direct buffers, which jackson cannot read
 * without an {@code InputStream} and its own copy), by a parser built without the per-parser objects
 * a body does not need ({@link Utf8JsonParsers}): together about a third less garbage per request
 * than {@code createParser(InputStream)} and {@code getText()} (docs/BENCHMARKS.md, "Garbage per
 * stream"). Jackson 2.x parsers cannot be reset to new input, so the parser itself is the floor.
 */
public final class ChatRequestReader {
    private static final Utf8JsonParsers JSON = new Utf8JsonParsers();
    private static final char REPLACEMENT_CHARACTER = '\uFFFD';
    /** Bodies up to this size are parsed from the scratch array; larger ones (rare) through a stream. */
    static final int SCRATCH_BYTES = 16 * 1024;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_BYTES];
        }
    };

    private final int maxMessageChars;

    public ChatRequestReader(int maxMessageChars) {
        this.maxMessageChars = maxMessageChars;
    }

    /** Checks that the request carries a non-blank message of at most {@code maxMessageChars} characters. */
    public void check(FullHttpRequest request, QueryStringDecoder uri) {
        if (HttpMethod.POST.equals(request.method())) {
            checkBody(request);
        } else {
            String message = fromQuery(uri);
            checkMessage(message == null, message == null || message.isBlank(), message == null ? 0 : message.length());
        }
    }

    private void checkMessage(boolean missing, boolean blank, int length) {
        if (missing || blank) {
            throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "missing_message",
                    "the request needs a non-empty \"message\"");
        }
        if (length > maxMessageChars) {
            throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "message_too_long",
                    "\"message\" is longer than " + maxMessageChars + " characters");
        }
    }

    private static String fromQuery(QueryStringDecoder uri) {
        List<String> values = uri.parameters().get("message");
        if (values == null) {
            return null;
        }
        String message = values.get(0);
        // The decoder turns bytes that are not UTF-8 into U+FFFD; only then is the strict check worth it.
        if (message.indexOf(REPLACEMENT_CHARACTER) >= 0) {
            requireUtf8Query(uri);
        }
        return message;
    }

    /**
     * Decodes the {@code message} parameter again byte for byte (ISO-8859-1 maps each percent-decoded
     * byte to one char) and checks those bytes are UTF-8, so that a client's own U+FFFD passes and a
     * broken encoding gets 400 instead of a message with replacement characters in it.
     */
    private static void requireUtf8Query(QueryStringDecoder uri) {
        String raw = new QueryStringDecoder(uri.uri(), StandardCharsets.ISO_8859_1).parameters().get("message").get(0);
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (CharacterCodingException e) {
            throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_query",
                    "the \"message\" parameter is not percent-encoded UTF-8");
        }
    }

    private void checkBody(FullHttpRequest request) {
        requireJson(request);
        ByteBuf content = request.content();
        // jackson decodes UTF-8 leniently (overlong forms, encoded surrogates); RFC 8259 section 8.1
        // requires UTF-8, and Netty's check is the strict one of RFC 3629.
        if (!ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
            throw badJson("the body is not valid UTF-8");
        }
        try (JsonParser parser = parserOver(content)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw badJson("the body must be a JSON object");
            }
            boolean missing = true;
            boolean blank = true;
            int length = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("message".equals(field)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "invalid_message",
                                "\"message\" must be a string");
                    }
                    // The last "message" counts, as it would in a map.
                    missing = false;
                    length = parser.getTextLength();
                    blank = isBlank(parser.getTextCharacters(), parser.getTextOffset(), length);
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw badJson("unexpected content after the JSON object");
            }
            checkMessage(missing, blank, length);
        } catch (JsonProcessingException e) {
            // The parser's own text is long, may span lines and quotes the body; the position is enough.
            throw badJson(e.getLocation() == null ? "the body is not valid JSON"
                    : "the body is not valid JSON (line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw badJson("the body is not valid JSON");
        }
    }

    /** A parser over the body's bytes: the scratch copy when it fits, else a stream over the buffer. */
    private static JsonParser parserOver(ByteBuf content) throws IOException {
        int length = content.readableBytes();
        JsonParser parser = null;
        if (content.hasArray()) {
            parser = JSON.utf8Parser(content.array(), content.arrayOffset() + content.readerIndex(), length);
        } else if (length <= SCRATCH_BYTES) {
            byte[] scratch = SCRATCH.get();
            content.getBytes(content.readerIndex(), scratch, 0, length);
            parser = JSON.utf8Parser(scratch, 0, length);
        }
        return parser != null ? parser : JSON.createParser((InputStream) new ByteBufInputStream(content.duplicate()));
    }

    /** {@link String#isBlank()} over a char range (no whitespace lies outside the basic plane). */
    static boolean isBlank(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (!Character.isWhitespace(chars[i])) {
                return false;
            }
        }
        return true;
    }

    private static void requireJson(FullHttpRequest request) {
        CharSequence mime = HttpUtil.getMimeType(request);
        if (mime == null || !"application/json".contentEquals(lowerCase(mime))) {
            throw new RejectedRequest(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "the body must be application/json");
        }
        Charset charset = HttpUtil.getCharset(request, StandardCharsets.UTF_8);
        if (!StandardCharsets.UTF_8.equals(charset)) {
            throw new RejectedRequest(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "the body must be UTF-8");
        }
    }

    private static String lowerCase(CharSequence value) {
        return value.toString().trim().toLowerCase(Locale.ROOT);
    }

    private static RejectedRequest badJson(String message) {
        return new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_json", message);
    }
}
