package dev.sluice.peer.reactornetty;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Optional;

/** Reads the {@code message} string out of a {@code {"message": "..."}} request body. */
final class ChatRequestParser {

    private static final JsonFactory JSON = new JsonFactory();

    private ChatRequestParser() {
    }

    /** The non-empty top-level {@code message} string, or empty when the body is not such a JSON object. */
    static Optional<String> message(String body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String message = null;
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("message".equals(field) && value == JsonToken.VALUE_STRING) {
                    message = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.ofNullable(message).filter(m -> !m.isEmpty());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
