package dev.sluice.gateway.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
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
 * Extracts the chat message from a stream request: the {@code message} query parameter of a GET
 * (what {@code EventSource} can send) or the {@code message} field of a POSTed JSON object, read with
 * jackson's streaming parser. Every way a request can be wrong ends in a {@link RejectedRequest}.
 */
public final class ChatRequestReader {
    private static final JsonFactory JSON = new JsonFactory();
    private static final char REPLACEMENT_CHARACTER = '\uFFFD';

    private final int maxMessageChars;

    public ChatRequestReader(int maxMessageChars) {
        this.maxMessageChars = maxMessageChars;
    }

    /** Returns the validated message. */
    public String read(FullHttpRequest request, QueryStringDecoder uri) {
        String message = HttpMethod.POST.equals(request.method()) ? fromBody(request) : fromQuery(uri);
        if (message == null || message.isBlank()) {
            throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "missing_message",
                    "the request needs a non-empty \"message\"");
        }
        if (message.length() > maxMessageChars) {
            throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "message_too_long",
                    "\"message\" is longer than " + maxMessageChars + " characters");
        }
        return message;
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

    private static String fromBody(FullHttpRequest request) {
        requireJson(request);
        // jackson decodes UTF-8 leniently (overlong forms, encoded surrogates); RFC 8259 section 8.1
        // requires UTF-8, and Netty's check is the strict one of RFC 3629.
        if (!ByteBufUtil.isText(request.content(), StandardCharsets.UTF_8)) {
            throw badJson("the body is not valid UTF-8");
        }
        try (JsonParser parser = JSON.createParser((InputStream) new ByteBufInputStream(request.content().duplicate()))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw badJson("the body must be a JSON object");
            }
            String message = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("message".equals(field)) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "invalid_message",
                                "\"message\" must be a string");
                    }
                    message = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw badJson("unexpected content after the JSON object");
            }
            return message;
        } catch (JsonProcessingException e) {
            // The parser's own text is long, may span lines and quotes the body; the position is enough.
            throw badJson(e.getLocation() == null ? "the body is not valid JSON"
                    : "the body is not valid JSON (line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw badJson("the body is not valid JSON");
        }
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
