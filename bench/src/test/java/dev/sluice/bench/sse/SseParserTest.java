package dev.sluice.bench.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseParserTest {

    /** Everything a listener saw, in order, as text. */
    private static final class Recorder implements SseListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onEvent(SseEvent event) {
            seen.add("event id=" + event.id() + " type=" + event.type() + " data=" + event.data());
        }

        @Override
        public void onComment(String comment) {
            seen.add("comment " + comment);
        }

        @Override
        public void onRetry(long millis) {
            seen.add("retry " + millis);
        }
    }

    private static final String GATEWAY_STREAM = "retry: 2000\n\n"
            + "id: 1\nevent: stage\ndata: {\"seq\":1,\"label\":\"Lesen ü ✓\"}\n\n"
            + ": ping\n\n"
            + "id: 2\nevent: complete\ndata: {\"seq\":2}\n\n";

    private static final List<String> GATEWAY_EXPECTED = List.of(
            "retry 2000",
            "event id=1 type=stage data={\"seq\":1,\"label\":\"Lesen ü ✓\"}",
            "comment ping",
            "event id=2 type=complete data={\"seq\":2}");

    private static List<String> parseWhole(String text) {
        Recorder recorder = new Recorder();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        new SseParser(recorder).feed(bytes, 0, bytes.length);
        return recorder.seen;
    }

    @Test
    void parsesTheGatewayWireFormat() {
        assertEquals(GATEWAY_EXPECTED, parseWhole(GATEWAY_STREAM));
    }

    @Test
    void feedingBuffersReadsOnlyTheirReadableBytesAndLeavesThemAsTheyWere() {
        byte[] bytes = ("garbage\n\n" + GATEWAY_STREAM).getBytes(StandardCharsets.UTF_8);
        int skip = "garbage\n\n".length();
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(recorder);
        ByteBuf whole = Unpooled.wrappedBuffer(bytes);
        int middle = skip + 30;
        ByteBuf first = whole.slice(skip, middle - skip);
        ByteBuf second = whole.slice(middle, bytes.length - middle);
        parser.feed(first);
        parser.feed(second);
        assertEquals(GATEWAY_EXPECTED, recorder.seen);
        assertEquals(0, first.readerIndex());
        assertEquals(middle - skip, first.readableBytes());
        assertEquals(1, whole.refCnt());
    }

    @Test
    void splitAtEveryBytePositionGivesTheSameResult() {
        for (String endings : List.of("\n", "\r\n", "\r")) {
            byte[] bytes = GATEWAY_STREAM.replace("\n", endings).getBytes(StandardCharsets.UTF_8);
            for (int split = 0; split <= bytes.length; split++) {
                Recorder recorder = new Recorder();
                SseParser parser = new SseParser(recorder);
                parser.feed(bytes, 0, split);
                parser.feed(bytes, split, bytes.length - split);
                assertEquals(GATEWAY_EXPECTED, recorder.seen, "split at " + split + " with " + endings.length()
                        + "-byte line endings");
            }
        }
    }

    @Test
    void byteByByteWithMixedLineEndings() {
        String mixed = "retry: 2000\r\n\r"
                + "id: 1\nevent: stage\r\ndata: {\"seq\":1,\"label\":\"Lesen ü ✓\"}\r\r"
                + ": ping\r\n\n"
                + "id: 2\revent: complete\ndata: {\"seq\":2}\r\n\r\n";
        byte[] bytes = mixed.getBytes(StandardCharsets.UTF_8);
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(recorder);
        for (int i = 0; i < bytes.length; i++) {
            parser.feed(bytes, i, 1);
        }
        assertEquals(GATEWAY_EXPECTED, recorder.seen);
        assertFalse(parser.hasPendingInput());
    }

    @Test
    void joinsMultiLineDataWithLineFeeds() {
        assertEquals(List.of("event id= type=message data=first\n\nthird"),
                parseWhole("data: first\ndata\ndata:third\n\n"));
    }

    @Test
    void keepsOnlyOneLeadingSpaceOfAValue() {
        assertEquals(List.of("event id= type=message data= two spaces", "comment  indented"),
                parseWhole("data:  two spaces\n\n:  indented\n"));
    }

    @Test
    void blockWithoutDataDispatchesNothingButResetsTheEventName() {
        assertEquals(List.of("event id=9 type=message data=x"),
                parseWhole("event: stage\nid: 9\n\ndata: x\n\n"));
    }

    @Test
    void lastEventIdPersistsAndIdWithNulIsIgnored() {
        assertEquals(List.of("event id=5 type=message data=a", "event id=5 type=message data=b"),
                parseWhole("id: 5\ndata: a\n\nid: 6\0\ndata: b\n\n"));
    }

    @Test
    void ignoresInvalidRetryAndUnknownFields() {
        assertEquals(List.of("retry 15", "event id= type=message data=d"),
                parseWhole("retry: 1x\nretry: 15\nfoo: bar\ndata: d\n\n"));
    }

    @Test
    void eventIsNotDispatchedWithoutItsBlankLine() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(recorder);
        byte[] bytes = "data: pending\n".getBytes(StandardCharsets.UTF_8);
        parser.feed(bytes, 0, bytes.length);
        assertTrue(recorder.seen.isEmpty());
        assertTrue(parser.hasPendingInput());
    }

    @Test
    void skipsAByteOrderMarkOnlyAtTheStart() {
        assertEquals(List.of("event id= type=message data=\uFEFFx"),
                parseWhole("\uFEFFdata: \uFEFFx\n\n"));
    }
}
