package dev.sluice.gateway.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatRequestReaderTest {
    private static final String URI = "/api/chat/stream";
    private final ChatRequestReader reader = new ChatRequestReader(20);

    @Test
    void aGoodBodyPassesInEveryKindOfBuffer() {
        for (Function<byte[], ByteBuf> buffer : bufferKinds()) {
            assertDoesNotThrow(() -> check(buffer, "{\"message\":\"hello\"}"));
            assertDoesNotThrow(() -> check(buffer, " {\"other\":[1,{\"a\":2}],\"message\":\"h\\u00e9\"} "));
        }
    }

    @Test
    void everyKindOfBufferGivesTheSameErrors() {
        for (Function<byte[], ByteBuf> buffer : bufferKinds()) {
            assertEquals("bad_json", rejected(buffer, "{\"message\":").code());
            assertTrue(rejected(buffer, "{\n \"x\"}").getMessage().startsWith("the body is not valid JSON (line 2, column "));
            assertEquals("unexpected content after the JSON object", rejected(buffer, "{\"message\":\"x\"} {}").getMessage());
            assertEquals("the body must be a JSON object", rejected(buffer, "").getMessage());
            assertEquals("invalid_message", rejected(buffer, "{\"message\":5, broken").code());
            assertEquals("missing_message", rejected(buffer, "{\"message\":\" \\t\\u2003 \"}").code());
            assertEquals("missing_message", rejected(buffer, "{\"other\":\"x\"}").code());
            assertEquals("message_too_long", rejected(buffer, "{\"message\":\"" + "x".repeat(21) + "\"}").code());
            // The last "message" counts.
            assertEquals("missing_message", rejected(buffer, "{\"message\":\"x\",\"message\":\"\"}").code());
        }
    }

    /** The parse scratch is reused per thread: a request after a bad or a longer one reads only its own bytes. */
    @Test
    void theScratchServesTheNextRequestAfterABadOrLongerOne() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor(new DefaultThreadFactory("reader-test"));
        try {
            Future<?> run = loop.submit(() -> {
                Function<byte[], ByteBuf> direct = ChatRequestReaderTest::direct;
                assertEquals("bad_json", rejected(direct, "{\"message\":\"never closed").code());
                assertDoesNotThrow(() -> check(direct, "{\"message\":\"ok\"}"));
                assertDoesNotThrow(() -> check(direct, "{\"message\":\"a longer message\",\"x\":[1,2,3,4,5,6]}"));
                // Shorter than what the scratch still holds: the stale tail must not be read.
                assertDoesNotThrow(() -> check(direct, "{\"message\":\"b\"}"));
                assertEquals("missing_message", rejected(direct, "{\"message\":\" \"}").code());
                assertDoesNotThrow(() -> check(direct, "{\"message\":\"again\"}"));
            });
            run.get();
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void aBodyLargerThanTheScratchIsReadThroughAStream() {
        String padding = " ".repeat(ChatRequestReader.SCRATCH_BYTES);
        assertDoesNotThrow(() -> check(ChatRequestReaderTest::direct, "{\"message\":\"hi\"}" + padding));
        assertEquals("message_too_long",
                rejected(ChatRequestReaderTest::direct, padding + "{\"message\":\"" + "y".repeat(30) + "\"}").code());
    }

    @Test
    void theQueryParameterIsCheckedToo() {
        FullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, URI + "?message=hi");
        assertDoesNotThrow(() -> reader.check(get, new QueryStringDecoder(get.uri())));
        FullHttpRequest blank = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, URI + "?message=%20");
        RejectedRequest rejected = assertThrows(RejectedRequest.class,
                () -> reader.check(blank, new QueryStringDecoder(blank.uri())));
        assertEquals("missing_message", rejected.code());
    }

    /**
     * The byte-array parser is jackson's own parser, so it must see what {@code createParser(InputStream)}
     * sees: the same tokens and texts, and the same error position; where jackson's charset detection
     * would read the bytes otherwise (a byte order mark, zero bytes up front) it declines.
     */
    @ParameterizedTest
    @ValueSource(strings = {"{\"message\":\"hello\"}", "  {\"a\":[1,2.5,true,null,{\"b\":\"c\"}],\"message\":\"\\u00e9\\n\"}",
            "{\"message\":", "not json", "[\"message\"]", "{\"message\":\"x\"} {}", "", "{\n\"a\":\n}", "{\"a\":01}",
            "{\"\u00e9\":\"\u00fc\u20ac\ud83d\ude00\"}", "{\"message\":\"tab\tinside\"}", "5"})
    void sameTokensAndErrorsAsJacksonsOwnParser(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        assertEquals(tokens(new JsonFactory().createParser((InputStream) new ByteBufInputStream(Unpooled.wrappedBuffer(bytes)))),
                tokens(new Utf8JsonParsers().utf8Parser(padded, 3, bytes.length)), body);
    }

    @Test
    void declinesWhatJacksonWouldDecodeAsAnotherCharsetOrAfterABom() {
        Utf8JsonParsers parsers = new Utf8JsonParsers();
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};
        assertNull(parsers.utf8Parser(bom, 0, bom.length));
        byte[] utf16 = "{}".getBytes(StandardCharsets.UTF_16BE);
        assertNull(parsers.utf8Parser(utf16, 0, utf16.length));
        // Both still get jackson's reading through the stream route: a BOM is skipped, as before.
        byte[] bomOnly = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        assertDoesNotThrow(() -> check(ChatRequestReaderTest::direct, bomOnly, "{\"message\":\"x\"}"));
    }

    @Test
    void blankMeansWhatStringIsBlankMeans() {
        for (String s : List.of("", " ", "\t\n\u000b\f\r", "\u2003\u3000", "\u00a0", " x ", "\ud83d\ude00", "\ud83d")) {
            char[] chars = ("ab" + s + "c").toCharArray();
            assertEquals(s.isBlank(), ChatRequestReader.isBlank(chars, 2, s.length()), () -> "'" + s + "'");
        }
        assertTrue(ChatRequestReader.isBlank(new char[0], 0, 0));
        assertFalse(ChatRequestReader.isBlank("  x".toCharArray(), 0, 3));
    }

    private static List<String> tokens(JsonParser parser) throws IOException {
        List<String> seen = new ArrayList<>();
        try (parser) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                seen.add(token + ":" + parser.getText());
            }
        } catch (JsonProcessingException e) {
            seen.add("error at " + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr());
        }
        return seen;
    }

    private static List<Function<byte[], ByteBuf>> bufferKinds() {
        return List.of(Unpooled::wrappedBuffer, ChatRequestReaderTest::direct, ChatRequestReaderTest::composite,
                bytes -> {
                    // A heap buffer whose readable bytes start inside its array.
                    ByteBuf offset = Unpooled.buffer(bytes.length + 10).writeZero(5).writeBytes(bytes);
                    offset.readerIndex(5);
                    return offset;
                });
    }

    private static ByteBuf direct(byte[] bytes) {
        return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** What the aggregator hands over: a composite of the body's direct chunks. */
    private static ByteBuf composite(byte[] bytes) {
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        int half = bytes.length / 2;
        composite.addComponent(true, Unpooled.directBuffer().writeBytes(bytes, 0, half));
        composite.addComponent(true, Unpooled.directBuffer().writeBytes(bytes, half, bytes.length - half));
        return composite;
    }

    private void check(Function<byte[], ByteBuf> buffer, String body) {
        check(buffer, new byte[0], body);
    }

    private void check(Function<byte[], ByteBuf> buffer, byte[] prefix, String body) {
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[prefix.length + text.length];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        System.arraycopy(text, 0, bytes, prefix.length, text.length);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, URI,
                buffer.apply(bytes));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        try {
            reader.check(request, new QueryStringDecoder(URI));
        } finally {
            request.release();
        }
    }

    private RejectedRequest rejected(Function<byte[], ByteBuf> buffer, String body) {
        return assertThrows(RejectedRequest.class, () -> check(buffer, body), body);
    }
}
