package dev.sluice.gateway.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.SseParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SseEventEncoderTest {
    private final SseEventEncoder encoder = new SseEventEncoder();

    /** Runs the encoder on a pooled allocator (so the leak check sees its buffers) and releases the result. */
    private static String encoded(Function<PooledByteBufAllocator, ByteBuf> encode) {
        ByteBuf buf = encode.apply(PooledByteBufAllocator.DEFAULT);
        try {
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    private String encode(SseEvent event) {
        return encoded(alloc -> encoder.encode(alloc, event));
    }

    @Test
    void jsonEventIsIdEventAndOneDataLineThenABlankLine() {
        SseEvent event = new SseEvent("3", "stage", EventData.json(g -> {
            g.writeStartObject();
            g.writeStringField("stageId", "retrieve");
            g.writeNumberField("progress", 35);
            g.writeEndObject();
        }));

        assertEquals("id: 3\nevent: stage\ndata: {\"stageId\":\"retrieve\",\"progress\":35}\n\n", encode(event));
    }

    @Test
    void idAndEventNameAreOptional() {
        assertEquals("data: {}\n\n", encode(new SseEvent(null, null, EventData.json(g -> {
            g.writeStartObject();
            g.writeEndObject();
        }))));
        assertEquals("event: done\ndata: x\n\n", encode(new SseEvent(null, "done", EventData.text("x"))));
    }

    @Test
    void nonAsciiIsWrittenAsUtf8() {
        assertEquals("id: é1\nevent: ünïcode\ndata: {\"t\":\"日本\"}\n\n",
                encode(new SseEvent("é1", "ünïcode", EventData.json(g -> {
                    g.writeStartObject();
                    g.writeStringField("t", "日本");
                    g.writeEndObject();
                }))));
    }

    @Test
    void multiLineTextBecomesOneDataLinePerLineWhateverTheLineEnding() {
        assertEquals("data: a\ndata: b\n\n", encode(new SseEvent(null, null, EventData.text("a\nb"))));
        assertEquals("data: a\ndata: b\n\n", encode(new SseEvent(null, null, EventData.text("a\r\nb"))));
        assertEquals("data: a\ndata: b\n\n", encode(new SseEvent(null, null, EventData.text("a\rb"))));
        assertEquals("data: a\ndata: \ndata: b\n\n", encode(new SseEvent(null, null, EventData.text("a\n\nb"))));
        assertEquals("data: a\ndata: \ndata: b\n\n", encode(new SseEvent(null, null, EventData.text("a\r\rb"))));
        assertEquals("data: a\ndata: \n\n", encode(new SseEvent(null, null, EventData.text("a\r\n"))));
        assertEquals("data: \n\n", encode(new SseEvent(null, null, EventData.text(""))));
    }

    @Test
    void aClientReassemblesMultiLineTextWithLineFeeds() {
        String text = "first\r\nsecond\rthird\n\nevent: injected\nlast";
        List<ReceivedEvent> events = new SseParser().feed(encode(new SseEvent("9", "note", EventData.text(text))));

        assertEquals(1, events.size(), "one event, whatever the text holds");
        assertEquals("first\nsecond\nthird\n\nevent: injected\nlast", events.get(0).data());
        assertEquals("note", events.get(0).event());
        assertEquals("9", events.get(0).id());
    }

    @Test
    void userTextInJsonDataStaysOnOneLineAndCannotInjectAnEvent() {
        String hostile = "hi\n\nevent: x\r\ndata: {\"evil\":true}\r\rid: 99\u0000\u2028end";
        String wire = encode(new SseEvent("1", "stage", EventData.json(g -> {
            g.writeStartObject();
            g.writeStringField("message", hostile);
            g.writeEndObject();
        })));

        String[] lines = wire.split("\n", -1);
        assertEquals(5, lines.length, () -> "id, event, data, blank, end: " + wire);
        assertEquals("id: 1", lines[0]);
        assertEquals("event: stage", lines[1]);
        assertEquals("", lines[3]);
        assertEquals(-1, wire.indexOf('\r'), "no CR on the wire");
        assertEquals(-1, wire.indexOf('\u0000'), "no NUL on the wire");
        List<ReceivedEvent> events = new SseParser().feed(wire);
        assertEquals(1, events.size());
        assertEquals("stage", events.get(0).event());
        assertEquals("1", events.get(0).id());
        assertEquals(hostile, events.get(0).json().get("message"), "the text round-trips through JSON");
    }

    @Test
    void commentsPrefixEveryLineWithAColon() {
        assertEquals(": ping\n\n", encoded(alloc -> encoder.comment(alloc, "ping")));
        assertEquals(": one\n: two\n: three\n: four\n\n",
                encoded(alloc -> encoder.comment(alloc, "one\ntwo\r\nthree\rfour")));
        SseParser parser = new SseParser();
        assertEquals(List.of(), parser.feed(encoded(alloc -> encoder.comment(alloc, "a\nevent: x\ndata: y"))),
                "a comment never dispatches an event");
        assertEquals(List.of("a", "event: x", "data: y"), parser.comments());
    }

    @Test
    void retryIsItsOwnBlock() {
        assertEquals("retry: 2000\n\n", encoded(alloc -> encoder.retry(alloc, 2000)));
        assertEquals("retry: 0\n\n", encoded(alloc -> encoder.retry(alloc, 0)));
    }

    @Test
    void aFailingJsonBodyReleasesTheBufferAndThrows() {
        assertThrows(IllegalStateException.class, () -> encoder.encode(PooledByteBufAllocator.DEFAULT,
                new SseEvent("1", "stage", EventData.json(g -> {
                    g.writeStartObject();
                    throw new IllegalStateException("body failed");
                }))));
    }
}
