package dev.sluice.gateway.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stage job outliving its connection (SPEC section 8), on frozen {@link EmbeddedChannel} clocks: a
 * client leaves after event 3, the job runs on, a reconnect with {@code Last-Event-ID} gets the events
 * it missed (encoded again, with their original times) and then the live ones, from the same job.
 */
class StageJobResumeTest {
    private static final long WINDOW_MS = 5000;

    private final StreamRegistry registry = new StreamRegistry();
    private final StageJobs jobs = new StageJobs(WINDOW_MS);
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private RouteTable routes;

    private void plan(StagePlan plan) {
        ChatStreamHandler chat = new ChatStreamHandler(new ChatRequestReader(4000), plan, 2000, new SseEventEncoder(),
                registry, StageObserver.NONE, jobs);
        routes = RouteTable.builder()
                .add(new Route("/api/chat/stream", Set.of(HttpMethod.GET), chat))
                .build();
    }

    @AfterEach
    void release() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel connect(String lastEventId) {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestRouter(routes));
        channel.freezeTime();
        channels.add(channel);
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/api/chat/stream?message=hi");
        if (lastEventId != null) {
            request.headers().set("Last-Event-ID", lastEventId);
        }
        channel.writeInbound(request);
        return channel;
    }

    /**
     * The client goes away. The channel is told it is inactive rather than closed, because closing an
     * {@code EmbeddedChannel} also cancels everything scheduled on its loop, which here is the job's
     * own loop: a real event loop runs on after one of its connections closes.
     */
    private static void leave(EmbeddedChannel channel) {
        channel.pipeline().fireChannelInactive();
    }

    private static void advance(EmbeddedChannel channel, long ms) {
        channel.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    /** The events written so far (head and retry skipped); {@code <last>} marks the last chunk. */
    private static List<ReceivedEvent> events(EmbeddedChannel channel, List<String> ends) {
        SseParser parser = new SseParser(() -> 0L);
        List<ReceivedEvent> events = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message instanceof HttpContent content) {
                if (content instanceof LastHttpContent) {
                    ends.add("<last>");
                } else {
                    events.addAll(parser.feed(content.content().toString(StandardCharsets.UTF_8)));
                }
                content.release();
            } else {
                assertInstanceOf(HttpResponse.class, message);
            }
        }
        return events;
    }

    @Test
    void aReconnectGetsTheMissedEventsAsTheyWereThenTheLiveOnesFromTheSameJob() {
        plan(StagePlan.defaultPlan(100));
        EmbeddedChannel first = connect(null);
        advance(first, 200);
        List<ReceivedEvent> seen = events(first, new ArrayList<>());
        assertEquals(3, seen.size());
        String streamId = (String) seen.get(0).json().get("streamId");
        assertEquals(streamId + ":3", seen.get(2).id());
        leave(first);
        assertEquals(1, registry.endedStreams(StreamOutcome.CLIENT_GONE));
        assertEquals(1, jobs.kept(), "the job outlives its connection");

        // The job runs on with nobody subscribed (on its own loop, the first channel's).
        for (int i = 0; i < 5; i++) {
            advance(first, 50);
        }
        EmbeddedChannel second = connect(streamId + ":3");
        List<String> ends = new ArrayList<>();
        List<ReceivedEvent> replayed = events(second, ends);
        assertEquals(List.of(streamId + ":4", streamId + ":5"), replayed.stream().map(ReceivedEvent::id).toList(),
                "exactly the events produced while away");
        assertEquals(300L, replayed.get(0).json().get("elapsedMs"), "encoded again with the time it first went out");
        assertEquals(400L, replayed.get(1).json().get("elapsedMs"));

        advance(first, 50);
        advance(first, 100);
        List<ReceivedEvent> live = events(second, ends);
        assertEquals(List.of(streamId + ":6", streamId + ":7"), live.stream().map(ReceivedEvent::id).toList());
        assertEquals("complete", live.get(1).event());
        assertEquals(List.of("<last>"), ends);
        assertEquals(1, jobs.started(), "one job for both connections");
        assertEquals(1, jobs.resumedStreams());
        assertEquals(1, registry.endedStreams(StreamOutcome.COMPLETED));

        // After the final event: 204 without starting anything, for as long as the job is kept.
        EmbeddedChannel third = connect(streamId + ":7");
        FullHttpResponse done = assertInstanceOf(FullHttpResponse.class, third.readOutbound());
        assertEquals(HttpResponseStatus.NO_CONTENT, done.status());
        assertNull(done.headers().get("x-sluice-stream"));
        done.release();

        advance(first, WINDOW_MS);
        assertEquals(0, jobs.kept(), "forgotten once the window has passed");
        EmbeddedChannel late = connect(streamId + ":2");
        FullHttpResponse expired = assertInstanceOf(FullHttpResponse.class, late.readOutbound());
        assertEquals(HttpResponseStatus.NO_CONTENT, expired.status());
        assertEquals("expired", expired.headers().get("x-sluice-stream"));
        expired.release();
        assertEquals(1, jobs.started());
    }

    @Test
    void aJobNobodyComesBackToIsCancelledWhenTheWindowEnds() {
        plan(StagePlan.parse("slow:50:60000,end:100:0", 0));
        EmbeddedChannel first = connect(null);
        events(first, new ArrayList<>());
        leave(first);
        advance(first, WINDOW_MS - 1);
        assertEquals(1, jobs.kept());
        advance(first, 1);
        assertEquals(0, jobs.kept());
        assertEquals(-1, first.runScheduledPendingTasks(), "its next stage is no longer scheduled");
    }

    @Test
    void twoConnectionsCanFollowOneJob() {
        plan(StagePlan.defaultPlan(100));
        EmbeddedChannel first = connect(null);
        String streamId = (String) events(first, new ArrayList<>()).get(0).json().get("streamId");
        EmbeddedChannel second = connect(streamId + ":1");
        assertEquals(List.of(), events(second, new ArrayList<>()), "nothing missed yet");
        advance(first, 600);
        List<String> firstEnds = new ArrayList<>();
        List<String> secondEnds = new ArrayList<>();
        assertEquals(6, events(first, firstEnds).size());
        assertEquals(6, events(second, secondEnds).size());
        assertEquals(List.of("<last>"), firstEnds);
        assertEquals(List.of("<last>"), secondEnds);
        assertTrue(first.isOpen() && second.isOpen(), "both connections serve on");
        assertEquals(2, registry.endedStreams(StreamOutcome.COMPLETED));
    }

    /** The content chunks written so far as text, the head and the last chunk skipped. */
    private static List<String> chunks(EmbeddedChannel channel) {
        List<String> chunks = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message instanceof HttpContent content) {
                if (!(content instanceof LastHttpContent)) {
                    chunks.add(content.content().toString(StandardCharsets.UTF_8));
                }
                content.release();
            }
        }
        return chunks;
    }

    @Test
    void aResumePointInsideABatchGetsTheRestOfItAsOneChunkFromTheNextEventOn() {
        StringBuilder zeroDelays = new StringBuilder();
        for (int k = 1; k <= 2 * StageJob.MAX_BATCH; k++) {
            zeroDelays.append(k == 1 ? "" : ",").append("s").append(k).append(":").append(k * 50 / StageJob.MAX_BATCH)
                    .append(":0");
        }
        plan(StagePlan.parse(zeroDelays.toString(), 0));
        EmbeddedChannel first = connect(null);
        List<String> firstChunks = chunks(first);
        assertEquals(4, firstChunks.size(), () -> "retry, then a chunk per batch (64, 64, 1): " + firstChunks);
        SseParser parser = new SseParser(() -> 0L);
        List<ReceivedEvent> sent = new ArrayList<>();
        for (String chunk : firstChunks.subList(1, 4)) {
            sent.addAll(parser.feed(chunk));
        }
        assertEquals(StageJob.MAX_BATCH, parser.feed(firstChunks.get(1)).size(), "the first batch is one chunk");
        assertEquals(2 * StageJob.MAX_BATCH + 1, sent.size());
        String streamId = (String) sent.get(0).json().get("streamId");
        leave(first);

        EmbeddedChannel second = connect(streamId + ":30");
        List<String> replay = chunks(second);
        assertEquals(2, replay.size(), () -> "retry, then everything after 30 as one chunk: " + replay);
        assertTrue(replay.get(1).startsWith("id: " + streamId + ":31\n"), replay.get(1));
        List<ReceivedEvent> rest = new SseParser(() -> 0L).feed(replay.get(1));
        assertEquals(sent.size() - 30, rest.size(), "events 31 to the end, each once");
        for (int k = 0; k < rest.size(); k++) {
            assertEquals(sent.get(30 + k).id(), rest.get(k).id());
            assertEquals(sent.get(30 + k).data(), rest.get(k).data(), "encoded again exactly as first sent");
        }
        assertEquals(2, registry.endedStreams(StreamOutcome.COMPLETED), "both responses ended with the final event");
    }
}
