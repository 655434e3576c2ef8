package dev.sluice.bench.client;

import dev.sluice.bench.stats.ClientResult;
import dev.sluice.bench.stats.EventSchedule;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LoadStats;
import dev.sluice.bench.stats.StreamClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's byte-level receive path: HTTP framing, SSE and the checks, split anywhere, allocation-free. */
class ReceivePathTest {

    private static final String HEAD_CHUNKED = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";

    private static String events(int count) {
        StringBuilder body = new StringBuilder();
        for (int k = 1; k <= count; k++) {
            body.append("id: ").append(k).append("\nevent: ").append(k == count ? "complete" : "stage")
                    .append("\ndata: {\"streamId\":\"s-1\",\"seq\":").append(k)
                    .append(",\"label\":\"Lesen \u00fc \u2713\",\"nested\":{\"seq\":99,\"a\":[1,{\"b\":\"}\"}]}}\n\n");
        }
        return body.toString();
    }

    private static String chunked(String body, int chunkSize) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < bytes.length; i += chunkSize) {
            int n = Math.min(chunkSize, bytes.length - i);
            out.append(Integer.toHexString(n)).append(";ext=1\r\n")
                    .append(new String(bytes, i, n, StandardCharsets.ISO_8859_1)).append("\r\n");
        }
        return out.append("0\r\nx-trailer: 1\r\n\r\n").toString();
    }

    private record Run(List<StreamOutcome> outcomes, ClientResult result) {
    }

    /** Feeds {@code wire} (ISO-8859-1 string of the raw bytes) in pieces of {@code split} bytes. */
    private static Run feed(String wire, int split, int expectedEvents, boolean close) {
        LoadStats stats = new LoadStats();
        long now = System.nanoTime();
        List<StreamOutcome> outcomes = new ArrayList<>();
        StreamHandler handler = new StreamHandler(new byte[0],
                new StreamClock(now, EventSchedule.uniform(expectedEvents - 1, 0), stats),
                new StreamCheck(expectedEvents), stats, now + TimeUnit.MINUTES.toNanos(1), Long.MAX_VALUE, false,
                outcomes::add);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        // A failed stream closes its channel; a real socket would deliver nothing more either.
        for (int i = 0; i < bytes.length && channel.isOpen(); i += split) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(split, bytes.length - i)));
        }
        if (close) {
            channel.close();
        }
        channel.finishAndReleaseAll();
        return new Run(outcomes, stats.result(1));
    }

    private static String utf8AsWire(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aChunkedStreamCompletesWhateverTheSplit() {
        String wire = HEAD_CHUNKED + chunked(events(7), 37);
        for (int split : new int[] {1, 2, 3, 7, 64, 100_000}) {
            Run run = feed(wire, split, 7, false);
            assertEquals(List.of(StreamOutcome.COMPLETED), run.outcomes(), "split " + split);
            assertEquals(7, run.result().events());
            assertEquals(events(7).getBytes(StandardCharsets.UTF_8).length, run.result().bytes());
        }
    }

    @Test
    void lengthAndCloseDelimitedBodiesEndTheResponse() {
        String body = utf8AsWire(events(3));
        Run sized = feed("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: " + body.length()
                + "\r\n\r\n" + body, 5, 3, false);
        assertEquals(List.of(StreamOutcome.COMPLETED), sized.outcomes());
        Run untilClose = feed("HTTP/1.1 200 OK\nContent-Type: TEXT/EVENT-STREAM\n\n" + body, 11, 3, true);
        assertEquals(List.of(StreamOutcome.COMPLETED), untilClose.outcomes());
    }

    @Test
    void badHeadsAndFramingFailTheStreamWithTheirReason() {
        Run status = feed("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n", 4, 3, false);
        assertEquals(1L, status.result().failures().get(FailureReason.STATUS));
        Run type = feed("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}", 4, 3, false);
        assertEquals(1L, type.result().failures().get(FailureReason.PROTOCOL));
        assertTrue(type.outcomes().get(0).detail().contains("application/json"), type.outcomes().get(0).detail());
        Run chunk = feed(HEAD_CHUNKED + "zz\r\n", 1, 3, false);
        assertEquals(1L, chunk.result().failures().get(FailureReason.PROTOCOL));
        Run truncated = feed(HEAD_CHUNKED + chunked(events(3), 10).substring(0, 60), 9, 3, true);
        assertEquals(1L, truncated.result().failures().get(FailureReason.TRUNCATED));
    }

    @Test
    void theJsonCheckReadsOnlyTheTopLevelSeqOfAWellFormedObject() {
        byte[] ok = "{\"a\":\"x\\\"seq\",\"n\":{\"seq\":5},\"seq\":12, \"b\":[true,null,-1.5e3]}".getBytes(StandardCharsets.UTF_8);
        assertEquals(12, JsonObjectScan.topLevelLong(ok, ok.length, "seq"));
        for (String bad : new String[] {"not json", "{\"seq\":1", "{\"seq\":1} x", "{\"seq\":1.5}", "{\"seq\"1}",
                "{\"seq\":\"1\"}", "[1]", "{\"n\":{\"seq\":1}}", "{\"seq\":1,}"}) {
            byte[] bytes = bad.getBytes(StandardCharsets.UTF_8);
            assertEquals(-1, JsonObjectScan.topLevelLong(bytes, bytes.length, "seq"), bad);
        }
        byte[] accepted = "{\"stageId\":\"accepted\",\"seq\":1}".getBytes(StandardCharsets.UTF_8);
        assertTrue(JsonObjectScan.topLevelStringIs(accepted, accepted.length, "stageId", "accepted"));
        byte[] other = "{\"stageId\":\"acceptedX\",\"seq\":1}".getBytes(StandardCharsets.UTF_8);
        assertTrue(!JsonObjectScan.topLevelStringIs(other, other.length, "stageId", "accepted"));
    }

    @Test
    void receivingEventsAllocatesNothingPerEvent() {
        int events = 20_000;
        byte[] head = HEAD_CHUNKED.getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = chunked(events(events), 16 * 1024).getBytes(StandardCharsets.ISO_8859_1);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long perEvent = Long.MAX_VALUE;
        // The first rounds warm the path up (class loading, the parser's buffers growing, the JIT).
        for (int round = 0; round < 5; round++) {
            LoadStats stats = new LoadStats();
            long now = System.nanoTime();
            StreamHandler handler = new StreamHandler(new byte[0],
                    new StreamClock(now, EventSchedule.uniform(events - 1, 0), stats), new StreamCheck(events), stats,
                    now + TimeUnit.MINUTES.toNanos(1), Long.MAX_VALUE, false, outcome -> { });
            EmbeddedChannel channel = new EmbeddedChannel(handler);
            channel.writeInbound(Unpooled.wrappedBuffer(head));
            ByteBuf buffer = Unpooled.wrappedBuffer(body);
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            channel.writeInbound(buffer);
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            channel.finishAndReleaseAll();
            assertEquals(1, stats.result(1).completed());
            perEvent = Math.min(perEvent, allocated / events);
        }
        assertTrue(perEvent < 4, "bytes allocated per received event: " + perEvent);
    }
}
