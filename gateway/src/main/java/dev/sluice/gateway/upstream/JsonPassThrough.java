package dev.sluice.gateway.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.gateway.sse.EventData;
import java.io.IOException;

/**
 * Re-emits an upstream JSON document into an event's data by copying its token stream: the document is
 * validated (exactly one JSON value, nothing after it) and written compactly on one line, so an
 * upstream's pretty-printing or stray newlines can never break the SSE framing.
 */
final class JsonPassThrough {
    private JsonPassThrough() {
    }

    /**
     * Writes the document in {@code json} as the current value of the generator it is given.
     * Invalid JSON surfaces as an {@link IOException} when the event is encoded.
     */
    static EventData.JsonBody copyOf(JsonFactory factory, byte[] json) {
        return generator -> {
            try (JsonParser parser = factory.createParser(json)) {
                if (parser.nextToken() == null) {
                    throw new IOException("empty JSON document");
                }
                generator.copyCurrentStructure(parser);
                JsonToken after = parser.nextToken();
                if (after != null) {
                    throw new IOException("more than one JSON value (" + after + " after the document)");
                }
            }
        };
    }
}
