package dev.sluice.gateway.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.http.ChatRequestReader;
import dev.sluice.gateway.http.RequestRouter;
import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.http.StreamAdmission;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.stream.StreamTimers;
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
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats, the slow-client policy, the duration limit, shutdown and the stream limit, as a stage
 * stream behind the router lives them, on {@link EmbeddedChannel}s whose clock only the test moves.
 */
class StageProducerDeadlinesTest {
    private static final String LAST = "<last chunk>";
    private static final long HEARTBEAT_MS = 1000;
    private static final long SLOW_MS = 5000;
    private static final long MAX_MS = 20_000;

    private final StreamTimers timers = new StreamTimers(HEARTBEAT_MS, SLOW_MS, MAX_MS);
    private final long tickMs = TimeUnit.NANOSECONDS.toMillis(timers.tickNanos());
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private StreamRegistry registry = new StreamRegistry(100, timers);

    @AfterEach
    void releaseWhatIsLeft() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel connection(StagePlan plan) {
        ChatStreamHandler chat = new ChatStreamHandler(new ChatRequestReader(4000), plan, 2000,
                new SseEventEncoder(), registry);
        RouteTable routes = RouteTable.builder()
                .add(new Route("/api/chat/stream", Set.of(HttpMethod.GET), new StreamAdmission(chat, 2)))
                .build();
        EmbeddedChannel channel = new EmbeddedChannel(new RequestRouter(routes));
        channel.freezeTime();
        channels.add(channel);
        return channel;
    }

    private static void request(EmbeddedChannel channel) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/api/chat/stream?message=hello"));
    }

    private static void advanceMs(EmbeddedChannel channel, long ms) {
        for (long i = 0; i < ms; i++) {
            channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            channel.runPendingTasks();
        }
    }

    /** Every outbound chunk as text (the head as its status), releasing each message. */
    private static List<String> drain(EmbeddedChannel channel) {
        List<String> out = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            try {
                if (message instanceof FullHttpResponse full) {
                    out.add(full.status().code() + " " + full.content().toString(StandardCharsets.UTF_8).trim());
                } else if (message instanceof HttpResponse head) {
                    out.add("head " + head.status().code());
                } else if (message == LastHttpContent.EMPTY_LAST_CONTENT) {
                    out.add(LAST);
                } else {
                    out.add(((HttpContent) message).content().toString(StandardCharsets.UTF_8));
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
        return out;
    }

    private static StagePlan twoStages(long firstDelayMs) {
        return StagePlan.parse("think:50:" + firstDelayMs + ",answer:100:0", 0);
    }

    @Test
    void idleStageGetsAPingAfterTheIntervalAndNotBefore() {
        EmbeddedChannel channel = connection(twoStages(3500));
        request(channel);
        List<String> start = drain(channel);
        assertEquals("head 200", start.get(0));
        assertEquals("retry: 2000\n\n", start.get(1));
        assertTrue(start.get(2).matches("(?s)id: s-[0-9a-f]{16}:1\nevent: stage\n.*"), start::toString);

        advanceMs(channel, HEARTBEAT_MS - 1);
        assertEquals(List.of(), drain(channel), "no heartbeat before the interval");
        advanceMs(channel, tickMs + 1);
        assertEquals(List.of(": ping\n\n"), drain(channel));
        advanceMs(channel, HEARTBEAT_MS - tickMs - 2);
        assertEquals(List.of(), drain(channel), "the ping restarted the interval");
        advanceMs(channel, 2 * tickMs + 2);
        assertEquals(List.of(": ping\n\n"), drain(channel));

        advanceMs(channel, 3500);
        List<String> rest = drain(channel);
        assertEquals(": ping\n\n", rest.get(0), "third second of the stage");
        // The last stage takes no time, so its event and complete are due together: one flush, one chunk.
        assertTrue(rest.get(1).matches("(?s)id: s-[0-9a-f]{16}:2\nevent: stage\n.*\n\n"
                + "id: s-[0-9a-f]{16}:3\nevent: complete\n.*"), rest::toString);
        assertEquals(LAST, rest.get(2));
        assertEquals(3, rest.size());
        assertEquals(1, registry.endedStreams(StreamOutcome.COMPLETED));
    }

    @Test
    void noHeartbeatWhileEventsFlow() {
        EmbeddedChannel channel = connection(StagePlan.parse("a:10:900,b:20:900,c:30:900,d:40:900,e:50:900,f:60:0", 0));
        request(channel);
        drain(channel);
        advanceMs(channel, 6000);
        List<String> chunks = drain(channel);
        assertFalse(chunks.contains(": ping\n\n"), chunks::toString);
        assertEquals(LAST, chunks.get(chunks.size() - 1));
        assertEquals(0, timers.watchedOn(channel.eventLoop()), "an ended stream is no longer watched");
    }

    @Test
    void clientThatStopsReadingIsClosedAfterTheTimeoutAndCountedSlow() {
        EmbeddedChannel channel = connection(twoStages(60_000));
        request(channel);
        drain(channel);
        advanceMs(channel, 200);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertFalse(channel.isWritable());
        advanceMs(channel, SLOW_MS - 1);
        assertTrue(channel.isOpen(), "not before the timeout");
        assertEquals(List.of(), drain(channel), "no heartbeat for a client that does not read");
        advanceMs(channel, tickMs + 1);
        assertFalse(channel.isOpen());
        assertEquals(1, registry.endedStreams(StreamOutcome.SLOW_CLIENT));
        assertEquals(0, registry.endedStreams(StreamOutcome.CLIENT_GONE));
        assertEquals(0, registry.openStreams());
    }

    @Test
    void clientThatCatchesUpIsKept() {
        EmbeddedChannel channel = connection(twoStages(12_000));
        request(channel);
        drain(channel);
        for (int i = 0; i < 3; i++) {
            channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            advanceMs(channel, SLOW_MS - tickMs - 1);
            channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
            advanceMs(channel, 10);
        }
        assertTrue(channel.isOpen());
        advanceMs(channel, 12_000);
        List<String> chunks = drain(channel);
        assertEquals(LAST, chunks.get(chunks.size() - 1));
        assertEquals(1, registry.endedStreams(StreamOutcome.COMPLETED));
    }

    @Test
    void streamOutlivingTheMaximumEndsWithAnErrorEventAndTheConnectionServesOn() {
        EmbeddedChannel channel = connection(twoStages(MAX_MS * 2));
        request(channel);
        drain(channel);
        advanceMs(channel, MAX_MS - 1);
        List<String> beforeLimit = drain(channel);
        assertTrue(beforeLimit.stream().allMatch(": ping\n\n"::equals), beforeLimit::toString);
        advanceMs(channel, tickMs + 1);
        List<String> end = drain(channel);
        assertEquals(2, end.size(), end::toString);
        SseParser parser = new SseParser(() -> 0L);
        List<ReceivedEvent> events = parser.feed(end.get(0));
        assertEquals(1, events.size());
        assertEquals("error", events.get(0).event());
        Map<String, Object> data = events.get(0).json();
        assertEquals("max_duration", data.get("code"));
        assertTrue(((String) data.get("streamId")).startsWith("s-"));
        assertInstanceOf(String.class, data.get("message"));
        assertEquals(LAST, end.get(1));
        assertEquals(1, registry.endedStreams(StreamOutcome.ERROR));

        assertTrue(channel.isOpen(), "the stream ended cleanly, so the connection is reusable");
        request(channel);
        List<String> next = drain(channel);
        assertEquals("head 200", next.get(0));
        assertEquals(1, registry.openStreams());
    }

    @Test
    void shutdownEndsAStreamWithARetryHintAndAnErrorEventBetweenEvents() {
        EmbeddedChannel channel = connection(twoStages(60_000));
        request(channel);
        drain(channel);
        registry.stopAdmitting();
        assertEquals(1, timers.shutdown(channel.eventLoop(), 2000));
        List<String> end = drain(channel);
        assertEquals(3, end.size(), end::toString);
        SseParser parser = new SseParser(() -> 0L);
        parser.feed(end.get(0));
        long hint = parser.retries().get(0);
        assertTrue(hint >= 2000 && hint <= 4000, "retry " + hint);
        List<ReceivedEvent> events = parser.feed(end.get(1));
        assertEquals("error", events.get(0).event());
        assertEquals("shutdown", events.get(0).json().get("code"));
        assertEquals(LAST, end.get(2));
        assertEquals(1, registry.endedStreams(StreamOutcome.DRAINED));

        request(channel);
        List<String> refused = drain(channel);
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).startsWith("503 {\"error\":\"draining\""), refused::toString);
        assertEquals(1, registry.endedStreams(StreamOutcome.REJECTED));
    }

    @Test
    void streamBeyondTheLimitGets503WithRetryAfterAndIsCountedRejected() {
        registry = new StreamRegistry(2, timers);
        EmbeddedChannel first = connection(twoStages(60_000));
        EmbeddedChannel second = connection(twoStages(60_000));
        EmbeddedChannel third = connection(twoStages(60_000));
        request(first);
        request(second);
        assertTrue(registry.isAtCapacity());
        request(third);
        Object answer = third.readOutbound();
        try {
            FullHttpResponse response = assertInstanceOf(FullHttpResponse.class, answer);
            assertEquals(HttpResponseStatus.SERVICE_UNAVAILABLE, response.status());
            assertEquals("2", response.headers().get("retry-after"));
            assertTrue(response.content().toString(StandardCharsets.UTF_8).startsWith("{\"error\":\"at_capacity\""));
        } finally {
            ReferenceCountUtil.release(answer);
        }
        assertTrue(third.isOpen(), "a refusal keeps the connection");
        assertEquals(1, registry.endedStreams(StreamOutcome.REJECTED));
        assertEquals(3, registry.startedStreams());
        assertEquals(2, registry.openStreams());

        first.close();
        assertFalse(registry.isAtCapacity());
        request(third);
        assertEquals("head 200", drain(third).get(0));
        assertEquals(2, registry.openStreams());
    }
}
