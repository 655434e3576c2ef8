package dev.sluice.gateway.grip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.gateway.http.RejectedRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GripPublishReaderTest {
    private final GripPublishReader reader = new GripPublishReader(new JsonFactory());

    private GripPublishReader.Publish read(String json) {
        ByteBuf body = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            GripPublishReader.Publish publish = reader.read(body);
            assertEquals(0, body.readerIndex(), "the reader leaves the request body as it was");
            return publish;
        } finally {
            body.release();
        }
    }

    private RejectedRequest rejected(String json) {
        return assertThrows(RejectedRequest.class, () -> read(json));
    }

    /** Exactly what {@code @fanoutio/grip} 4.3.0 sends for publishHttpStream(channel, content, id, prevId). */
    @Test
    void readsWhatTheNpmGripLibrarySends() {
        GripPublishReader.Publish publish = read("{\"items\":[{\"formats\":{\"http-stream\":"
                + "{\"content\":\"event: progress\\ndata: {\\\"step\\\":1}\\n\\n\"}},\"id\":\"2\",\"prev-id\":\"1\","
                + "\"channel\":\"job-7\"}]}");
        assertEquals(0, publish.skipped());
        GripItem item = publish.items().get(0);
        assertEquals("job-7", item.channel());
        assertEquals("2", item.id());
        assertEquals("1", item.prevId());
        assertFalse(item.close());
        assertEquals("event: progress\ndata: {\"step\":1}\n\n", new String(item.content(), StandardCharsets.UTF_8));
    }

    @Test
    void closeComesAsActionCloseOrCloseTrue() {
        GripItem library = read("{\"items\":[{\"formats\":{\"http-stream\":{\"action\":\"close\",\"content\":\"\"}},"
                + "\"channel\":\"c\"}]}").items().get(0);
        assertTrue(library.close());
        assertEquals(0, library.content().length);
        assertNull(library.id());
        GripItem spec = read("{\"items\":[{\"channel\":\"c\",\"formats\":{\"http-stream\":"
                + "{\"content\":\"event: done\\ndata: 1\\n\\n\",\"close\":true}}}]}").items().get(0);
        assertTrue(spec.close());
        assertEquals("event: done\ndata: 1\n\n", new String(spec.content(), StandardCharsets.UTF_8));
    }

    @Test
    void binaryContentIsDecoded() {
        byte[] bytes = "data: bin\n\n".getBytes(StandardCharsets.UTF_8);
        GripItem item = read("{\"items\":[{\"channel\":\"c\",\"formats\":{\"http-stream\":{\"content-bin\":\""
                + Base64.getEncoder().encodeToString(bytes) + "\"}}}]}").items().get(0);
        assertArrayEquals(bytes, item.content());
    }

    @Test
    void itemsForOtherTransportsAreSkippedAndUnknownFieldsIgnored() {
        GripPublishReader.Publish publish = read("{\"extra\":{\"a\":[1,2]},\"items\":["
                + "{\"channel\":\"c\",\"formats\":{\"http-response\":{\"body\":\"x\"},\"ws-message\":{\"content\":\"y\"}}},"
                + "{\"channel\":\"c\",\"meta\":{},\"formats\":{\"ws-message\":{},\"http-stream\":{\"content\":\": hi\\n\"}}}]}");
        assertEquals(1, publish.skipped());
        assertEquals(1, publish.items().size());
    }

    @Test
    void badBodiesAreRefusedWithTheReason() {
        assertEquals("bad_json", rejected("{\"items\":[").code());
        assertEquals("bad_json", rejected("nope").code());
        assertEquals("the body is not valid JSON (line 1, column 5)", rejected("nope").getMessage(),
                "the parser's own text is not sent to the publisher");
        assertEquals("the body has no \"items\" array", rejected("{}").getMessage());
        assertEquals("\"items\" must be an array", rejected("{\"items\":{}}").getMessage());
        assertEquals("items[0] has no \"channel\"", rejected("{\"items\":[{\"formats\":{}}]}").getMessage());
        assertEquals("items[0].channel must be a string", rejected("{\"items\":[{\"channel\":3}]}").getMessage());
        assertEquals("bad_channel", rejected("{\"items\":[{\"channel\":\"a b\",\"formats\":{}}]}").code());
        assertEquals("items[0].formats.http-stream needs \"content\", \"content-bin\" or a close",
                rejected("{\"items\":[{\"channel\":\"c\",\"formats\":{\"http-stream\":{}}}]}").getMessage());
        assertEquals("unexpected content after the JSON object", rejected("{\"items\":[]} {}").getMessage());
    }

    @Test
    void contentThatIsNotUtf8IsRefusedEvenWhereJacksonWouldDecodeIt() {
        for (byte[] raw : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            ByteBuf body = Unpooled.buffer();
            body.writeCharSequence("{\"items\":[{\"channel\":\"c\",\"formats\":{\"http-stream\":{\"content\":\"data: ",
                    StandardCharsets.US_ASCII);
            body.writeBytes(raw);
            body.writeCharSequence("\\n\\n\"}}}]}", StandardCharsets.US_ASCII);
            try {
                RejectedRequest rejected = assertThrows(RejectedRequest.class, () -> reader.read(body));
                assertEquals("bad_json", rejected.code());
                assertEquals("the body is not valid UTF-8", rejected.getMessage());
            } finally {
                body.release();
            }
        }
    }

    @Test
    void contentThatWouldBreakTheFramingIsRefused() {
        RejectedRequest open = rejected("{\"items\":[{\"channel\":\"c\",\"formats\":{\"http-stream\":"
                + "{\"content\":\"data: no blank line\\n\"}}}]}");
        assertEquals("invalid_content", open.code());
        assertEquals("items[0].formats.http-stream: content does not end on an event boundary (a blank line)",
                open.getMessage());
        assertEquals("invalid_content", rejected("{\"items\":[{\"channel\":\"c\",\"formats\":{\"http-stream\":"
                + "{\"content\":\"data: a\\r\\r\"}}}]}").code());
        assertEquals("invalid_publish", rejected("{\"items\":[{\"channel\":\"c\",\"formats\":{\"http-stream\":"
                + "{\"content-bin\":\"***\"}}}]}").code());
    }
}
