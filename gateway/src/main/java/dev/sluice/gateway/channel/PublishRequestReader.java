package dev.sluice.gateway.channel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.gateway.bus.BusMessage;
import dev.sluice.gateway.http.RejectedRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a publish request's events (SPEC section 9): one JSON object ({@code application/json}) or one
 * per line ({@code application/x-ndjson}), each {@code {"event": name, "data": <any JSON>, "close":
 * bool}}. {@code event} defaults to {@code message}; {@code data} is required and is re-written compactly
 * by jackson, so it is one line whatever the publisher sent and cannot break the SSE framing.
 */
public final class PublishRequestReader {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_EVENT_NAME = 128;
    /** {@code id: }, the longest id, {@code event: }, {@code data: } and the line ends. */
    private static final int FRAMING_BYTES = 48;

    private final int maxEventBytes;

    public PublishRequestReader(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    public List<BusMessage> read(FullHttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
        boolean ndjson = type.startsWith("application/x-ndjson");
        if (!ndjson && !type.startsWith("application/json")) {
            throw new RejectedRequest(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "publish with Content-Type application/json or application/x-ndjson");
        }
        // jackson decodes UTF-8 leniently (overlong forms, encoded surrogates) and would pass them on
        // re-encoded; the body must be UTF-8 as RFC 3629 defines it, which Netty checks strictly.
        if (!ByteBufUtil.isText(request.content(), StandardCharsets.UTF_8)) {
            throw bad("the body is not valid UTF-8");
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        List<BusMessage> messages = new ArrayList<>();
        if (ndjson) {
            int start = 0;
            for (int i = 0; i <= body.length; i++) {
                if (i == body.length || body[i] == '\n') {
                    int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
                    if (!isBlank(body, start, end)) {
                        messages.add(readOne(body, start, end - start, messages.size() + 1));
                    }
                    start = i + 1;
                }
            }
        } else {
            messages.add(readOne(body, 0, body.length, 1));
        }
        if (messages.isEmpty()) {
            throw bad("the body holds no event");
        }
        return messages;
    }

    private BusMessage readOne(byte[] body, int offset, int length, int line) {
        String event = "message";
        byte[] data = null;
        boolean close = false;
        try (JsonParser parser = JSON.createParser(body, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw bad(where(line) + "each event must be a JSON object");
            }
            String field;
            while ((field = parser.nextFieldName()) != null) {
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "event" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw bad(where(line) + "\"event\" must be a string");
                        }
                        event = checkedName(parser.getText(), line);
                    }
                    case "data" -> data = compact(parser);
                    case "close" -> {
                        if (!value.isBoolean()) {
                            throw bad(where(line) + "\"close\" must be true or false");
                        }
                        close = value == JsonToken.VALUE_TRUE;
                    }
                    default -> throw bad(where(line) + "unknown field \"" + field + "\"");
                }
            }
            if (parser.nextToken() != null) {
                throw bad(where(line) + "text after the event object");
            }
        } catch (JsonProcessingException e) {
            throw bad(where(line) + "not valid JSON");
        } catch (IOException e) {
            throw bad(where(line) + "cannot be read");
        }
        if (data == null) {
            throw bad(where(line) + "\"data\" is required");
        }
        if (data.length + event.length() * 3 + FRAMING_BYTES > maxEventBytes) {
            throw new RejectedRequest(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "event_too_large",
                    where(line) + "the event is larger than " + maxEventBytes + " bytes");
        }
        return BusMessage.event(event, data, close);
    }

    private static byte[] compact(JsonParser parser) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toByteArray();
    }

    private static String checkedName(String name, int line) {
        if (name.isEmpty() || name.length() > MAX_EVENT_NAME) {
            throw bad(where(line) + "\"event\" must be 1-" + MAX_EVENT_NAME + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw bad(where(line) + "\"event\" must not contain CR, LF or NUL");
            }
        }
        return name;
    }

    private static String where(int line) {
        return line > 1 ? "event " + line + ": " : "";
    }

    private static boolean isBlank(byte[] body, int start, int end) {
        for (int i = start; i < end; i++) {
            if (body[i] != ' ' && body[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static RejectedRequest bad(String message) {
        return new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_event", message);
    }
}
