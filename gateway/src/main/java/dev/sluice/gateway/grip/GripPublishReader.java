package dev.sluice.gateway.grip;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.gateway.channel.ChannelName;
import dev.sluice.gateway.http.RejectedRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads GRIP's publish body, {@code {"items": [{"channel", "id", "prev-id", "formats": {"http-stream":
 * {...}}}]}}, with jackson's streaming parser (SPEC section 10).
 *
 * <p>The {@code http-stream} format is read in every spelling GRIP libraries send: {@code "content"}
 * (text), {@code "content-bin"} (base64 bytes), and the end of the stream as {@code "action": "close"}
 * (what {@code @fanoutio/grip} and Pushpin use) or {@code "close": true} (SPEC section 10). Items
 * without an {@code http-stream} format (say, only {@code http-response} or {@code ws-message}) concern
 * no Sluice subscriber and are returned as skipped. Unknown fields are ignored, as a GRIP proxy does.
 * Every way the body can be wrong ends in a {@link RejectedRequest} (400) before anything is published:
 * a publish is all or nothing.
 */
public final class GripPublishReader {
    private final JsonFactory json;

    public GripPublishReader(JsonFactory json) {
        this.json = json;
    }

    /** What a publish body holds: the items to publish in order, and how many concerned no stream. */
    public record Publish(List<GripItem> items, int skipped) {
    }

    public Publish read(ByteBuf body) {
        // jackson decodes UTF-8 leniently (overlong forms, encoded surrogates); Netty's check is strict.
        if (!ByteBufUtil.isText(body, StandardCharsets.UTF_8)) {
            throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_json", "the body is not valid UTF-8");
        }
        try (InputStream in = new ByteBufInputStream(body.duplicate());
                JsonParser parser = json.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalid("the body must be a JSON object with \"items\"");
            }
            Publish publish = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("items")) {
                    publish = items(parser);
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw invalid("unexpected content after the JSON object");
            }
            if (publish == null) {
                throw invalid("the body has no \"items\" array");
            }
            return publish;
        } catch (JsonParseException e) {
            // jackson's own text is long, multi-line and quotes the body: the client gets the position.
            throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_json", e.getLocation() == null
                    ? "the body is not valid JSON"
                    : "the body is not valid JSON (line " + e.getLocation().getLineNr()
                            + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_json", "the body cannot be read as JSON");
        }
    }

    private Publish items(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw invalid("\"items\" must be an array");
        }
        List<GripItem> items = new ArrayList<>();
        int skipped = 0;
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            GripItem item = item(parser, index++);
            if (item == null) {
                skipped++;
            } else {
                items.add(item);
            }
        }
        return new Publish(List.copyOf(items), skipped);
    }

    private GripItem item(JsonParser parser, int index) throws IOException {
        String where = "items[" + index + "]";
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw invalid(where + " must be an object");
        }
        String channel = null;
        String id = null;
        String prevId = null;
        Stream stream = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "channel" -> channel = string(parser, value, where + ".channel");
                case "id" -> id = string(parser, value, where + ".id");
                case "prev-id" -> prevId = string(parser, value, where + ".prev-id");
                case "formats" -> stream = formats(parser, where);
                default -> parser.skipChildren();
            }
        }
        if (channel == null) {
            throw invalid(where + " has no \"channel\"");
        }
        if (!ChannelName.isValid(channel)) {
            throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_channel", where + ".channel: channel names"
                    + " are 1-" + ChannelName.MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : -");
        }
        if (stream == null) {
            return null;
        }
        if (!stream.close && stream.content.length == 0) {
            throw invalid(where + ".formats.http-stream needs \"content\", \"content-bin\" or a close");
        }
        if (stream.content.length > 0) {
            String problem = PreFramedSse.problem(stream.content);
            if (problem != null) {
                throw new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "invalid_content",
                        where + ".formats.http-stream: " + problem);
            }
        }
        return new GripItem(channel, id, prevId, stream.content, stream.close);
    }

    private record Stream(byte[] content, boolean close) {
    }

    private Stream formats(JsonParser parser, String where) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw invalid(where + ".formats must be an object");
        }
        Stream stream = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String format = parser.currentName();
            parser.nextToken();
            if (format.equals("http-stream")) {
                stream = httpStream(parser, where + ".formats.http-stream");
            } else {
                parser.skipChildren();
            }
        }
        return stream;
    }

    private Stream httpStream(JsonParser parser, String where) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw invalid(where + " must be an object");
        }
        byte[] content = null;
        boolean close = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "content" -> content = bytes(content, string(parser, value, where + ".content")
                        .getBytes(StandardCharsets.UTF_8), where);
                case "content-bin" -> content = bytes(content, base64(string(parser, value, where + ".content-bin"),
                        where), where);
                case "action" -> {
                    String action = string(parser, value, where + ".action");
                    if (!action.equals("close") && !action.equals("send")) {
                        throw invalid(where + ".action must be \"send\" or \"close\"");
                    }
                    close |= action.equals("close");
                }
                case "close" -> {
                    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                        throw invalid(where + ".close must be true or false");
                    }
                    close |= value == JsonToken.VALUE_TRUE;
                }
                default -> parser.skipChildren();
            }
        }
        return new Stream(content == null ? new byte[0] : content, close);
    }

    private static byte[] bytes(byte[] previous, byte[] content, String where) {
        if (previous != null) {
            throw invalid(where + " has both \"content\" and \"content-bin\"");
        }
        return content;
    }

    private static byte[] base64(String text, String where) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid(where + ".content-bin is not valid base64");
        }
    }

    private static String string(JsonParser parser, JsonToken value, String where) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw invalid(where + " must be a string");
        }
        return parser.getText();
    }

    private static RejectedRequest invalid(String message) {
        return new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "invalid_publish", message);
    }
}
