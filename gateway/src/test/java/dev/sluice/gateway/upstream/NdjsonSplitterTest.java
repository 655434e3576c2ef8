package dev.sluice.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonSplitterTest {
    private static final String BODY = "{\"n\":1}\n"
            + "{\"n\":2,\"text\":\"caf\u00e9 \u2603\"}\r\n"
            + "\n"
            + "   \r\n"
            + "[1,2,3]\n"
            + "{\"n\":\"last, unterminated\"}";
    private static final List<String> EXPECTED = List.of(
            "{\"n\":1}",
            "{\"n\":2,\"text\":\"caf\u00e9 \u2603\"}",
            "[1,2,3]",
            "{\"n\":\"last, unterminated\"}");

    @Test
    void oneLinePerJsonValueSkippingBlankLinesAndDroppingCr() {
        assertEquals(EXPECTED, split(List.of(bytes(BODY))));
    }

    @Test
    void theSameLinesWhereverTheChunksSplit() {
        byte[] all = bytes(BODY);
        for (int cut = 0; cut <= all.length; cut++) {
            assertEquals(EXPECTED, split(List.of(Arrays.copyOfRange(all, 0, cut), Arrays.copyOfRange(all, cut,
                    all.length))), "split at byte " + cut);
        }
        List<byte[]> single = new ArrayList<>();
        for (byte b : all) {
            single.add(new byte[] {b});
        }
        assertEquals(EXPECTED, split(single));
    }

    @Test
    void aLineIsPassedOnAsSoonAsItsNewlineArrives() {
        NdjsonSplitter splitter = new NdjsonSplitter(1024);
        List<String> seen = new ArrayList<>();
        feed(splitter, "{\"a\":1}\n{\"b\"", seen);
        assertEquals(List.of("{\"a\":1}"), seen);
        feed(splitter, ":2}\n", seen);
        assertEquals(List.of("{\"a\":1}", "{\"b\":2}"), seen);
    }

    @Test
    void aLineOverTheLimitIsRefused() {
        NdjsonSplitter splitter = new NdjsonSplitter(1024);
        assertThrows(UpstreamProtocolException.class,
                () -> feed(splitter, "{\"big\":\"" + "z".repeat(1100) + "\"}\n", new ArrayList<>()));
    }

    private static List<String> split(List<byte[]> chunks) {
        NdjsonSplitter splitter = new NdjsonSplitter(64 * 1024);
        List<String> seen = new ArrayList<>();
        for (byte[] chunk : chunks) {
            ByteBuf buf = Unpooled.wrappedBuffer(chunk);
            try {
                splitter.feed(buf, line -> seen.add(new String(line, StandardCharsets.UTF_8)));
            } finally {
                buf.release();
            }
        }
        splitter.finish(line -> seen.add(new String(line, StandardCharsets.UTF_8)));
        return seen;
    }

    private static void feed(NdjsonSplitter splitter, String text, List<String> seen) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try {
            splitter.feed(buf, line -> seen.add(new String(line, StandardCharsets.UTF_8)));
        } finally {
            buf.release();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
