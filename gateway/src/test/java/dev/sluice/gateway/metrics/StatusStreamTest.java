package dev.sluice.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.http.RequestRouter;
import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.SseParser;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status stream on an {@link EmbeddedChannel} with a frozen clock: one sample at once, then one per period. */
class StatusStreamTest {
    private final AtomicReference<StatusSample> figures = new AtomicReference<>(new StatusSample(0, 0, 0, Double.NaN));
    private final SseParser parser = new SseParser(() -> 0L);
    private EmbeddedChannel channel;

    @BeforeEach
    void open() {
        StatusStreamHandler handler = new StatusStreamHandler(figures::get, new SseEventEncoder(), 2000);
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new RequestRouter(RouteTable.builder()
                .add(new Route("/api/status/stream", Set.of(HttpMethod.GET), handler)).build()));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/status/stream"));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private void advanceMs(long ms) {
        channel.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    /** Reads every outbound message; fails on a last chunk, since a status stream never ends by itself. */
    private List<ReceivedEvent> drainEvents() {
        List<ReceivedEvent> events = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (message instanceof HttpResponse head) {
                assertEquals("text/event-stream; charset=utf-8", head.headers().get(HttpHeaderNames.CONTENT_TYPE));
                assertEquals("no", head.headers().get("x-accel-buffering"));
            }
            if (message instanceof HttpContent content) {
                try {
                    assertFalse(content instanceof LastHttpContent, "the status stream ended");
                    events.addAll(parser.feed(content.content().toString(StandardCharsets.UTF_8)));
                } finally {
                    content.release();
                }
            }
        }
        return events;
    }

    @Test
    void firstSampleAtOnceWithoutRatesThenOnePerSecondWithRates() {
        List<ReceivedEvent> first = drainEvents();
        assertEquals(1, first.size());
        assertEquals("status", first.get(0).event());
        assertEquals(List.of(2000L), parser.retries());
        Map<String, Object> at0 = first.get(0).json();
        assertEquals(0L, ((Number) at0.get("openStreams")).longValue());
        assertNull(at0.get("streamsPerSecond"));
        assertNull(at0.get("ttfeP99Ms"));

        figures.set(new StatusSample(3, 5, 40, 0.42));
        advanceMs(999);
        assertTrue(drainEvents().isEmpty(), "a sample came before its period");
        advanceMs(1);
        List<ReceivedEvent> second = drainEvents();
        assertEquals(1, second.size());
        Map<String, Object> at1 = second.get(0).json();
        assertEquals("2", second.get(0).id());
        assertEquals(3L, ((Number) at1.get("openStreams")).longValue());
        assertEquals(5L, ((Number) at1.get("streamsStarted")).longValue());
        assertEquals(5.0, ((Number) at1.get("streamsPerSecond")).doubleValue());
        assertEquals(40.0, ((Number) at1.get("eventsPerSecond")).doubleValue());
        assertEquals(0.42, ((Number) at1.get("ttfeP99Ms")).doubleValue());

        figures.set(new StatusSample(0, 6, 50, 0.42));
        advanceMs(1000);
        Map<String, Object> at2 = drainEvents().get(0).json();
        assertEquals(1.0, ((Number) at2.get("streamsPerSecond")).doubleValue());
        assertEquals(10.0, ((Number) at2.get("eventsPerSecond")).doubleValue());
    }

    @Test
    void aClosedConnectionCancelsTheSampling() {
        drainEvents();
        channel.close();
        channel.releaseOutbound();
        advanceMs(5000);
        assertTrue(drainEvents().isEmpty(), "sampled after the client left");
        assertFalse(channel.hasPendingTasks(), "the sampling task is still scheduled");
    }
}
