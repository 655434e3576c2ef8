package dev.sluice.gateway.sse;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The payload of an event: either a JSON document written by a jackson generator (always one line,
 * since the generator escapes every control character) or plain text that may span lines.
 */
public sealed interface EventData permits EventData.Json, EventData.Text {

    /** A JSON payload, written straight into the outgoing buffer when the event is encoded. */
    record Json(JsonBody body) implements EventData {
    }

    /** A text payload; each of its lines becomes one {@code data:} field. */
    record Text(String text) implements EventData {
    }

    /** Writes one JSON value with the given generator. */
    @FunctionalInterface
    interface JsonBody {
        void writeTo(JsonGenerator generator) throws IOException;
    }

    static EventData json(JsonBody body) {
        return new Json(body);
    }

    static EventData text(String text) {
        return new Text(text);
    }
}
