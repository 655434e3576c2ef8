package dev.sluice.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import dev.sluice.gateway.sse.SseEventEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonPassThroughTest {
    private final JsonFactory json = new JsonFactory();
    private final SseEventEncoder encoder = new SseEventEncoder(json);

    @Test
    void aPrettyPrintedDocumentBecomesOneDataLine() {
        String pretty = "{\n  \"title\": \"line\\nbreak\",\r\n  \"items\": [1, 2,\n 3]\n}\n";
        assertEquals("id: 2\nevent: message\ndata: {\"title\":\"line\\nbreak\",\"items\":[1,2,3]}\n\n",
                encode(pretty));
    }

    @Test
    void invalidOrTrailingJsonFailsTheEncodingWithoutLeaking() {
        assertThrows(UncheckedIOException.class, () -> encode("{\"a\":"));
        assertThrows(UncheckedIOException.class, () -> encode("{\"a\":1} {\"b\":2}"));
        assertThrows(UncheckedIOException.class, () -> encode("   "));
    }

    private String encode(String document) {
        SseEvent event = new SseEvent("2", "message",
                EventData.json(JsonPassThrough.copyOf(json, document.getBytes(StandardCharsets.UTF_8))));
        ByteBuf buf = encoder.encode(UnpooledByteBufAllocator.DEFAULT, event);
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }
}
