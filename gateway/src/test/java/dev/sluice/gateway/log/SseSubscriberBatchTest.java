package dev.sluice.gateway.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.testing.EmbeddedOutbound;
import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.SseParser;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write path of a subscriber behind Netty's real {@code HttpResponseEncoder}: a delivery of many
 * events leaves as one HTTP chunk holding each event whole, a resume point inside a batch cuts it on an
 * event boundary, and events from different batches (a replay gathered from a log) still go out as one
 * chunk. The bytes are read as a client reads them: HTTP chunk framing first, then SSE.
 */
class SseSubscriberBatchTest {
    private static final int BATCH = 64;

    private final StreamRegistry registry = new StreamRegistry();
    private final SseParser parser = new SseParser(() -> 0L);
    private final List<LogEvent> lent = new ArrayList<>();
    private final StringBuilder wire = new StringBuilder();
    private EmbeddedChannel channel;

    @AfterEach
    void releaseWhatIsLeft() {
        lent.forEach(LogEvent::release);
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    /** A subscriber on a fresh connection that has seen the events up to {@code afterSeq}. */
    private SseSubscriber subscriber(long afterSeq) {
        channel = new EmbeddedChannel(new HttpResponseEncoder(), new ChannelInboundHandlerAdapter());
        ChannelHandlerContext ctx = channel.pipeline().lastContext();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpUtil.setTransferEncodingChunked(head, true);
        return new SseSubscriber(ctx, new SubscriberSettings(new SseEventEncoder(), 2000, FanOutStats.NONE),
                registry.open("/test"), () -> { }, head, afterSeq);
    }

    /** Events {@code first..last} (seq) encoded back to back as one run, lent to the subscriber. */
    private List<LogEvent> run(int first, int last, boolean endsLog) {
        EventRun run = new EventRun(ByteBufAllocator.DEFAULT, 64, last - first + 1);
        for (int seq = first; seq <= last; seq++) {
            ByteBufUtil.writeAscii(run.out(), "id: s-1:" + seq + "\nevent: stage\ndata: {\"seq\":" + seq + "}\n\n");
            run.add(seq, endsLog && seq == last);
        }
        List<LogEvent> events = run.finish();
        lent.addAll(events);
        return events;
    }

    /**
     * Every chunk written so far, read from the wire as a client reads a body still open: after the
     * head, size line, that many bytes, CRLF, for as long as there are bytes.
     */
    private List<String> chunks() {
        wire.append(EmbeddedOutbound.drainBytes(channel));
        String raw = wire.toString();
        assertTrue(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw);
        List<String> chunks = new ArrayList<>();
        int at = raw.indexOf("\r\n\r\n") + 4;
        while (at < raw.length()) {
            int sizeEnd = raw.indexOf("\r\n", at);
            int size = Integer.parseInt(raw.substring(at, sizeEnd), 16);
            at = sizeEnd + 2;
            if (size == 0) {
                assertEquals(at + 2, raw.length(), "nothing after the last chunk");
                break;
            }
            assertEquals("\r\n", raw.substring(at + size, at + size + 2), "a chunk is as long as its size line says");
            chunks.add(raw.substring(at, at + size));
            at += size + 2;
        }
        return chunks;
    }

    private static int seqOf(ReceivedEvent event) {
        return Integer.parseInt(event.id().substring(event.id().indexOf(':') + 1));
    }

    private List<Integer> seqs(String chunk) {
        assertTrue(chunk.endsWith("\n\n"), () -> "a chunk ends on an event boundary: " + chunk);
        return parser.feed(chunk).stream().map(SseSubscriberBatchTest::seqOf).toList();
    }

    private static List<Integer> range(int first, int last) {
        List<Integer> seqs = new ArrayList<>();
        for (int seq = first; seq <= last; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }

    @Test
    void aFullBatchLeavesAsOneChunkHoldingEveryEventWhole() {
        SseSubscriber subscriber = subscriber(0);
        subscriber.started(SubscribeAnswer.live(List.of(), false));
        subscriber.deliver(run(1, BATCH, false));

        List<String> chunks = chunks();
        assertEquals(2, chunks.size(), () -> "retry, then the whole batch: " + chunks);
        assertEquals("retry: 2000\n\n", chunks.get(0));
        assertEquals(range(1, BATCH), seqs(chunks.get(1)), "64 events, each once, in order, in one chunk");
        assertEquals(BATCH, registry.eventsSent(), "each event of the chunk counted");
    }

    @Test
    void aResumePointInsideABatchCutsItOnAnEventBoundary() {
        SseSubscriber subscriber = subscriber(30);
        subscriber.started(SubscribeAnswer.live(run(1, BATCH, false), false));
        subscriber.deliver(run(BATCH - 3, 2 * BATCH, false));

        List<String> chunks = chunks();
        assertEquals(3, chunks.size(), () -> "retry, the replay after 30, the new part of the live batch: " + chunks);
        assertTrue(chunks.get(1).startsWith("id: s-1:31\n"), chunks.get(1));
        assertEquals(range(31, BATCH), seqs(chunks.get(1)));
        assertTrue(chunks.get(2).startsWith("id: s-1:" + (BATCH + 1) + "\n"),
                "events already written are not written again");
        assertEquals(range(BATCH + 1, 2 * BATCH), seqs(chunks.get(2)));
    }

    @Test
    void eventsFromSeveralBatchesGoOutAsOneChunkAndTheFinalOneEndsTheBody() {
        SseSubscriber subscriber = subscriber(0);
        List<LogEvent> gathered = new ArrayList<>(run(1, 2, false));
        gathered.addAll(run(3, 4, false));
        gathered.addAll(run(5, 5, true));
        subscriber.started(SubscribeAnswer.live(gathered, false));

        List<String> chunks = chunks();
        assertEquals(2, chunks.size(), () -> "retry, then events 1-5 in one chunk: " + chunks);
        assertEquals(range(1, 5), seqs(chunks.get(1)));
        assertTrue(wire.toString().endsWith("\r\n0\r\n\r\n"), "the last chunk follows the final event");
        assertEquals(1, registry.endedStreams(StreamOutcome.COMPLETED));
        subscriber.deliver(run(6, 7, false));
        assertEquals("", EmbeddedOutbound.drainBytes(channel), "nothing after the final event");
    }
}
