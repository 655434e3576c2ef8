package dev.sluice.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import io.netty.buffer.ByteBuf;
import dev.sluice.gateway.sse.SseEventEncoder;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
    /** Every line-ending style, a BOM, comments, multi-line data, multi-byte UTF-8, ids, retry, unknown fields. */
    private static final String STREAM = "\uFEFF: upstream heartbeat\r\n"
            + "retry: 3000\n"
            + "id: 7\r\n"
            + "event: progress\r"
            + "data: {\"step\":1}\n"
            + "\n"
            + "data: first line\r\n"
            + "data:second line, no space\r\n"
            + "data\r\n"
            + "unknown: ignored\n"
            + "\r\n"
            + "event: note\r"
            + "data: na\u00efve \u2603 \uD83D\uDE00\r"
            + "\r"
            + "id: 8\n"
            + "event: complete\n"
            + "data: done\n\n"
            + "data: never terminated";

    private static final List<String> EXPECTED = List.of(
            "retry 3000",
            "7|progress|{\"step\":1}",
            "null|null|first line\nsecond line, no space\n",
            "null|note|na\u00efve \u2603 \uD83D\uDE00",
            "8|complete|done");

    @Test
    void parsesEveryLineEndingCommentAndMultiLineData() {
        assertEquals(EXPECTED, parse(List.of(bytes(STREAM))));
    }

    @Test
    void theSameEventsWhereverTheChunksSplit() {
        byte[] all = bytes(STREAM);
        for (int cut = 0; cut <= all.length; cut++) {
            byte[] head = java.util.Arrays.copyOfRange(all, 0, cut);
            byte[] tail = java.util.Arrays.copyOfRange(all, cut, all.length);
            assertEquals(EXPECTED, parse(List.of(head, tail)), "split at byte " + cut);
        }
    }

    @Test
    void theSameEventsFedOneByteAtATime() {
        byte[] all = bytes(STREAM);
        List<byte[]> chunks = new ArrayList<>();
        for (byte b : all) {
            chunks.add(new byte[] {b});
        }
        assertEquals(EXPECTED, parse(chunks));
    }

    @Test
    void crAtTheEndOfAChunkAndLfAtTheStartOfTheNextAreOneLineEnd() {
        // Were CR and LF two line ends, the empty line between them would dispatch "a" alone.
        assertEquals(List.of("null|null|a\nb"), parse(List.of(bytes("data: a\r"), bytes("\ndata: b\r"),
                bytes("\n\r"), bytes("\n"))));
    }

    @Test
    void blocksWithoutDataAreNotDispatchedAndIdsWithNulAreIgnored() {
        assertEquals(List.of("null|x|payload"), parse(List.of(bytes(
                "event: lonely\nid: 3\n\nid: a\u0000b\nevent: x\ndata: payload\n\n"))));
    }

    @Test
    void invalidRetryValuesAreIgnored() {
        assertEquals(List.of("retry 10", "null|null|x"),
                parse(List.of(bytes("retry: 1s\nretry: -5\nretry:\nretry: 10\ndata: x\n\n"))));
    }

    @Test
    void anEventNameThatCannotBeReframedIsAProtocolError() {
        UpstreamProtocolException e = assertThrows(UpstreamProtocolException.class,
                () -> parse(List.of(bytes("event: a\u0000b\ndata: x\n\n"))));
        assertEquals("upstream event cannot be relayed: event name must not contain CR, LF or NUL", e.getMessage());
    }

    @Test
    void eachEventIsFramedExactlyAsTheEncoderFramesTheSameEvent() {
        assertEquals(List.of(
                encoded(new SseEvent("7", "progress", EventData.text("{\"step\":1}"))),
                encoded(new SseEvent(null, null, EventData.text("first line\nsecond line, no space\n"))),
                encoded(new SseEvent("", null, EventData.text("na\u00efve \u2603 \uD83D\uDE00"))),
                encoded(new SseEvent(null, "x", EventData.text("")))),
                framed(bytes("id: 7\nevent: progress\ndata: {\"step\":1}\n\n"
                        + "data: first line\ndata:second line, no space\ndata\n\n"
                        + "id\ndata: na\u00efve \u2603 \uD83D\uDE00\n\n"
                        + "event: x\ndata:\n\n")));
    }

    @Test
    void invalidUtf8IsReplacedAsTheDecoderWouldNeverPassedOnBroken() {
        // A lone continuation byte and a sequence cut short: the client gets U+FFFD for each, never the raw bytes.
        byte[] stream = {'d', 'a', 't', 'a', ':', ' ', 'a', (byte) 0x80, 'b', (byte) 0xE2, (byte) 0x98, '\n', '\n'};
        String text = new String(new byte[] {'a', (byte) 0x80, 'b', (byte) 0xE2, (byte) 0x98}, StandardCharsets.UTF_8);
        assertEquals(List.of(encoded(new SseEvent(null, null, EventData.text(text)))), framed(stream));
        assertTrue(text.contains("\uFFFD"));
    }

    @Test
    void theLastEventNameAndIdOfABlockWinAndDoNotCarryOver() {
        assertEquals(List.of("2|b|x", "null|null|y"),
                parse(List.of(bytes("id: 1\nevent: a\nid: 2\nevent: b\ndata: x\n\ndata: y\n\n"))));
        assertEquals(List.of("null|ok|x"), parse(List.of(bytes("event: a\u0000b\nevent: ok\ndata: x\n\n"))),
                "a NUL in a name that a later event field replaces does not matter");
    }

    @Test
    void anEventOverTheLimitIsRefusedInsteadOfBuffered() {
        SseParser parser = new SseParser(1024);
        List<String> seen = new ArrayList<>();
        String line = "data: " + "x".repeat(200) + "\n";
        ByteBuf chunk = Unpooled.copiedBuffer(line.repeat(6), StandardCharsets.UTF_8);
        try {
            assertThrows(UpstreamProtocolException.class, () -> parser.feed(chunk, recorder(seen)));
        } finally {
            chunk.release();
        }
        assertEquals(List.of(), seen);
    }

    @Test
    void aSingleLineOverTheLimitIsRefusedBeforeItsEnd() {
        SseParser parser = new SseParser(1024);
        ByteBuf chunk = Unpooled.copiedBuffer("data: " + "y".repeat(2000), StandardCharsets.UTF_8);
        try {
            assertThrows(UpstreamProtocolException.class, () -> parser.feed(chunk, recorder(new ArrayList<>())));
        } finally {
            chunk.release();
        }
    }

    private static List<String> parse(List<byte[]> chunks) {
        SseParser parser = new SseParser(64 * 1024);
        List<String> seen = new ArrayList<>();
        SseParser.Listener listener = recorder(seen);
        for (byte[] chunk : chunks) {
            ByteBuf buf = Unpooled.wrappedBuffer(chunk);
            try {
                parser.feed(buf, listener);
                assertEquals(0, buf.readableBytes(), "the parser consumes every byte it is given");
            } finally {
                buf.release();
            }
        }
        return seen;
    }

    /** Records each event as {@code id|name|data} read back from its framing, after checking the framing. */
    private static SseParser.Listener recorder(List<String> seen) {
        return new SseParser.Listener() {
            @Override
            public void event(byte[] framed, int length) {
                String wire = new String(framed, 0, length, StandardCharsets.UTF_8);
                assertTrue(wire.endsWith("\n\n"), wire);
                String id = null;
                String name = null;
                List<String> data = new ArrayList<>();
                for (String line : wire.substring(0, wire.length() - 2).split("\n", -1)) {
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.add(line.substring(6));
                    } else {
                        throw new AssertionError("unexpected line " + line + " in " + wire);
                    }
                }
                seen.add(id + "|" + name + "|" + String.join("\n", data));
            }

            @Override
            public void retry(long millis) {
                seen.add("retry " + millis);
            }
        };
    }

    /** What the client gets for an event: the same bytes as the gateway's encoder writes for it. */
    private static List<String> framed(byte[] stream) {
        SseParser parser = new SseParser(64 * 1024);
        List<String> wire = new ArrayList<>();
        ByteBuf buf = Unpooled.wrappedBuffer(stream);
        try {
            parser.feed(buf, new SseParser.Listener() {
                @Override
                public void event(byte[] framed, int length) {
                    wire.add(new String(framed, 0, length, StandardCharsets.ISO_8859_1));
                }

                @Override
                public void retry(long millis) {
                }
            });
        } finally {
            buf.release();
        }
        return wire;
    }

    private static String encoded(SseEvent event) {
        ByteBuf buf = new SseEventEncoder().encode(UnpooledByteBufAllocator.DEFAULT, event);
        try {
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
