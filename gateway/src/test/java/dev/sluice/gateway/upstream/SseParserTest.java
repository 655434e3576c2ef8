package dev.sluice.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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

    private static SseParser.Listener recorder(List<String> seen) {
        return new SseParser.Listener() {
            @Override
            public void event(SseEvent event) {
                seen.add(event.id() + "|" + event.name() + "|" + ((EventData.Text) event.data()).text());
            }

            @Override
            public void retry(long millis) {
                seen.add("retry " + millis);
            }
        };
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
