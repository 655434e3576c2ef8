package dev.sluice.gateway.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.http.ChatRequestReader;
import dev.sluice.gateway.http.RequestRouter;
import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.SseParser;
import dev.sluice.gateway.testing.StageStreamAssertions;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stage producer behind the router on an {@link EmbeddedChannel} whose clock stands still until
 * the test moves it, so "event k is written exactly when it is due, never earlier" is checked to the
 * nanosecond without sleeping.
 */
class StageProducerTest {
    private static final String LAST = "<last chunk>";
    /** Written ahead of each flush by {@link #markFlushes()}, so a test can see what one flush carried. */
    private static final Object FLUSH = new Object();

    private final StreamRegistry registry = new StreamRegistry();
    private final SseParser parser = new SseParser(() -> 0L);
    private EmbeddedChannel channel;

    private void open(StagePlan plan) {
        ChatStreamHandler handler = new ChatStreamHandler(new ChatRequestReader(4000), plan, 2000,
                new SseEventEncoder(), registry);
        RouteTable routes = RouteTable.builder()
                .add(new Route("/api/chat/stream", Set.of(HttpMethod.GET, HttpMethod.POST), handler))
                .build();
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(markFlushes(), new RequestRouter(routes));
    }

    private static ChannelOutboundHandlerAdapter markFlushes() {
        return new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                ctx.write(FLUSH, ctx.voidPromise());
                ctx.flush();
            }
        };
    }

    private void request() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/api/chat/stream?message=hello"));
    }

    @AfterEach
    void releaseWhatIsLeft() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void advanceMs(long ms) {
        channel.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    /** Reads every outbound content message as text (releasing it); the last chunk reads as {@link #LAST}. */
    private List<String> drainChunks() {
        List<String> chunks = new ArrayList<>();
        drainFlushes().forEach(chunks::addAll);
        return chunks;
    }

    /** Reads the outbound content messages grouped by the flush that sent them. */
    private List<List<String>> drainFlushes() {
        List<List<String>> flushes = new ArrayList<>();
        List<String> current = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message == FLUSH) {
                if (!current.isEmpty()) {
                    flushes.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            HttpContent content = assertInstanceOf(HttpContent.class, message, "only content after the head");
            try {
                String text = content.content().toString(StandardCharsets.UTF_8);
                if (content instanceof LastHttpContent) {
                    assertEquals("", text, "the last chunk carries no data");
                    current.add(LAST);
                } else {
                    current.add(text);
                }
            } finally {
                content.release();
            }
        }
        if (!current.isEmpty()) {
            flushes.add(current);
        }
        return flushes;
    }

    /** Events of every chunk written so far; each chunk holds whole events (one delivery's). */
    private List<ReceivedEvent> drainEvents() {
        List<ReceivedEvent> events = new ArrayList<>();
        for (String chunk : drainChunks()) {
            assertFalse(chunk.equals(LAST), "unexpected last chunk");
            assertTrue(chunk.endsWith("\n\n"), () -> "a chunk ends on an event boundary: " + chunk);
            List<ReceivedEvent> inChunk = parser.feed(chunk);
            assertFalse(inChunk.isEmpty(), () -> "a chunk holds at least one event: " + chunk);
            events.addAll(inChunk);
        }
        return events;
    }

    private HttpResponse readHead() {
        HttpResponse head = assertInstanceOf(HttpResponse.class, channel.readOutbound());
        assertFalse(head instanceof HttpContent, "the head is sent alone, the body follows in chunks");
        return head;
    }

    @Test
    void eachEventIsWrittenExactlyWhenDueAndNotBefore() {
        open(StagePlan.parse("a:10:100:Alpha,b:50:250,c:90:40", 999));
        request();

        HttpResponse head = readHead();
        assertEquals(HttpResponseStatus.OK, head.status());
        assertEquals("text/event-stream; charset=utf-8", head.headers().get(HttpHeaderNames.CONTENT_TYPE));
        List<String> first = drainChunks();
        assertEquals(2, first.size(), () -> "retry then event 1, at once: " + first);
        assertEquals("retry: 2000\n\n", first.get(0));
        List<ReceivedEvent> events = new ArrayList<>(parser.feed(first.get(1)));
        assertEquals(Map.of("seq", 1L, "stageId", "a", "label", "Alpha", "progress", 10L, "elapsedMs", 0L),
                withoutStreamId(events.get(0)));

        advanceMs(99);
        assertEquals(List.of(), drainChunks(), "event 2 is due at 100 ms, not 99");
        advanceMs(1);
        events.addAll(drainEvents());
        assertEquals(2, events.size(), "event 2 alone: event 3 is not due yet");
        assertEquals(Map.of("seq", 2L, "stageId", "b", "label", "b", "progress", 50L, "elapsedMs", 100L),
                withoutStreamId(events.get(1)));

        advanceMs(249);
        assertEquals(List.of(), drainChunks(), "event 3 is due at 350 ms");
        advanceMs(1);
        events.addAll(drainEvents());
        assertEquals(Map.of("seq", 3L, "stageId", "c", "label", "c", "progress", 90L, "elapsedMs", 350L),
                withoutStreamId(events.get(2)));
        assertEquals(1, registry.openStreams());

        advanceMs(39);
        assertEquals(List.of(), drainChunks(), "complete is due at 390 ms");
        advanceMs(1);
        List<String> end = drainChunks();
        assertEquals(2, end.size(), () -> "complete, then the last chunk: " + end);
        assertEquals(LAST, end.get(1));
        ReceivedEvent complete = parser.feed(end.get(0)).get(0);
        assertEquals(data(complete).get("streamId") + ":4", complete.id(), "ids name the stream and the seq");
        assertEquals("complete", complete.event());
        Map<String, Object> data = complete.json();
        assertEquals(390L, data.get("elapsedMs"));
        assertEquals(100L, data.get("progress"));
        assertEquals(Map.of("a", 100L, "b", 250L, "c", 40L), data.get("stageMs"));
        for (ReceivedEvent event : events) {
            assertEquals(data.get("streamId"), event.json().get("streamId"));
        }
        assertEquals(List.of("1", "2", "3"), events.stream().map(e -> StageStreamAssertions.seqOf(e.id())).toList());

        assertEquals(0, registry.openStreams());
        assertEquals(1, registry.endedStreams(StreamOutcome.COMPLETED));
        assertTrue(channel.isOpen(), "the connection stays for the next request");
        advanceMs(10_000);
        assertEquals(List.of(), drainChunks());
        assertEquals(-1, channel.runScheduledPendingTasks(), "nothing of the stream is left scheduled");
    }

    @Test
    void defaultPlanSendsSixStagesAndCompleteOnItsSchedule() {
        open(StagePlan.defaultPlan(150));
        request();
        readHead();
        List<String> first = drainChunks();
        assertEquals("retry: 2000\n\n", first.get(0));
        List<ReceivedEvent> events = new ArrayList<>(parser.feed(first.get(1)));
        for (int k = 2; k <= 7; k++) {
            advanceMs(149);
            assertEquals(List.of(), drainChunks(), "event " + k + " early");
            advanceMs(1);
            List<String> chunks = drainChunks();
            if (k == 7) {
                assertEquals(LAST, chunks.remove(chunks.size() - 1), "complete is followed by the last chunk");
            }
            assertEquals(1, chunks.size(), "event " + k + " alone: " + chunks);
            events.addAll(parser.feed(chunks.get(0)));
        }

        Map<String, Object> complete = StageStreamAssertions.assertDefaultStream(events, 150);
        for (int i = 0; i < 6; i++) {
            assertEquals(150L * i, events.get(i).json().get("elapsedMs"), "event " + (i + 1) + " right on time");
        }
        assertEquals(900L, complete.get("elapsedMs"));
        assertEquals(Map.of("init", 150L, "intent", 150L, "retrieve", 150L, "reason", 150L, "generate", 150L,
                "finalize", 150L), complete.get("stageMs"));
    }

    @Test
    void closingTheChannelMidStreamCancelsThePendingTaskAndWritesNothingMore() {
        open(StagePlan.defaultPlan(150));
        request();
        readHead();
        drainChunks();
        advanceMs(150);
        assertEquals(1, drainEvents().size(), "event 2");
        assertTrue(channel.runScheduledPendingTasks() > 0, "event 3 is scheduled");

        // The socket going away, as the transport reports it. EmbeddedChannel.close() would also
        // cancel every scheduled task itself, which would hide a producer that forgot to.
        channel.unsafe().close(channel.newPromise());
        channel.runPendingTasks();
        assertFalse(channel.isOpen());

        long next = channel.runScheduledPendingTasks();
        assertTrue(next == -1 || next > TimeUnit.MILLISECONDS.toNanos(150),
                "event 3's task, due in 150 ms, was cancelled (at most the shared timer sweep is left): " + next);
        assertEquals(0, registry.openStreams());
        assertEquals(1, registry.endedStreams(StreamOutcome.CLIENT_GONE));
        assertEquals(0, registry.endedStreams(StreamOutcome.COMPLETED));
        advanceMs(10_000);
        assertNull(channel.readOutbound(), "nothing is written after the client left");
        assertEquals(-1, channel.runScheduledPendingTasks(), "nothing of the stream is left scheduled");
        assertEquals(1, registry.endedStreams(StreamOutcome.CLIENT_GONE), "ended once");
    }

    @Test
    void aConnectionThatIsNotWritableGetsNothingUntilItDrainsThenCatchesUpFromTheJob() {
        open(StagePlan.defaultPlan(100));
        request();
        readHead();
        drainChunks();

        advanceMs(50);
        setWritable(false);
        advanceMs(50);
        assertEquals(List.of(), drainChunks(), "event 2 is due but the connection cannot take it");
        advanceMs(400);
        assertEquals(List.of(), drainChunks(), "still paused at 500 ms");
        assertEquals(1, registry.openStreams());

        setWritable(true);
        List<ReceivedEvent> resumed = drainEvents();
        assertEquals(List.of("2", "3", "4", "5", "6"), resumed.stream()
                .map(e -> StageStreamAssertions.seqOf(e.id())).toList(),
                "the events produced meanwhile follow at once, each once, in order");
        assertEquals(100L, resumed.get(0).json().get("elapsedMs"),
                "the job kept its schedule: event 2 carries the time it was produced");

        advanceMs(99);
        assertEquals(List.of(), drainChunks(), "complete is due at 600 ms");
        advanceMs(1);
        List<String> end = drainChunks();
        assertEquals(LAST, end.get(end.size() - 1));
        assertEquals(1, registry.endedStreams(StreamOutcome.COMPLETED));
    }

    @Test
    void eventsDueTogetherGoOutInBoundedBatchesInOrder() {
        int stages = 3 * StageJob.MAX_BATCH + 5;
        StringBuilder plan = new StringBuilder();
        for (int k = 1; k <= stages; k++) {
            plan.append(k == 1 ? "" : ",").append("s").append(k).append(":").append(k * 100 / stages).append(":0");
        }
        open(StagePlan.parse(plan.toString(), 0));
        request();
        readHead();

        channel.runPendingTasks();
        List<List<String>> flushes = drainFlushes();
        assertEquals("retry: 2000\n\n", flushes.get(0).remove(0));
        List<Integer> batchSizes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> lastFlush = flushes.get(flushes.size() - 1);
        assertEquals(LAST, lastFlush.remove(lastFlush.size() - 1), "the stream ends with the last chunk");
        for (List<String> flush : flushes) {
            assertEquals(1, flush.size(), () -> "one chunk per flush: " + flush);
            String chunk = flush.get(0);
            assertTrue(chunk.endsWith("\n\n"), () -> "a chunk ends on an event boundary: " + chunk);
            List<ReceivedEvent> events = parser.feed(chunk);
            batchSizes.add(events.size());
            events.forEach(event -> ids.add(event.id()));
        }
        assertEquals(List.of(StageJob.MAX_BATCH, StageJob.MAX_BATCH, StageJob.MAX_BATCH, 6),
                batchSizes, "one flush and one chunk per task run, each at most a full batch, the last with complete");
        for (int k = 0; k < ids.size(); k++) {
            assertEquals(Integer.toString(k + 1), StageStreamAssertions.seqOf(ids.get(k)), "every event once, in order");
        }
        assertEquals(1, registry.endedStreams(StreamOutcome.COMPLETED));
        assertEquals(stages + 1, registry.eventsSent(), "each event of a batch counted");
    }

    private void setWritable(boolean writable) {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        channel.runPendingTasks();
        assertEquals(writable, channel.isWritable());
    }

    private static Map<String, Object> withoutStreamId(ReceivedEvent event) {
        Map<String, Object> data = new LinkedHashMap<>(event.json());
        assertTrue(((String) data.remove("streamId")).startsWith("s-"));
        return data;
    }

    private static Map<String, Object> data(ReceivedEvent event) {
        return event.json();
    }
}
