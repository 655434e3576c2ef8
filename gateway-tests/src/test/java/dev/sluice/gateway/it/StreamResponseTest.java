package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.SseParser;
import dev.sluice.gateway.testing.StageStreamAssertions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat stream over real sockets: head, framing, the seven events and their spread in time. */
class StreamResponseTest {
    private static final long DELAY_MS = GatewayExtension.STAGE_DELAY_MS;

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension();

    static void assertStreamHead(ResponseHead head, String connection) {
        assertEquals("HTTP/1.1 200 OK", head.statusLine());
        assertEquals("text/event-stream; charset=utf-8", head.header("content-type"));
        assertEquals("no-cache", head.header("cache-control"));
        assertEquals("no", head.header("x-accel-buffering"));
        assertEquals(connection, head.header("connection"));
        assertNull(head.header("content-length"));
        assertNull(head.header("content-encoding"));
    }

    /** Each event arrives in a chunk of its own (flushed as written), after a first chunk with the retry hint. */
    /**
     * The retry hint, then the 7 events in chunks that each hold whole events: one chunk per delivery,
     * which is one event per stage of the default plan unless a late loop found several due at once.
     */
    static void assertWholeEventsPerChunk(SseTestClient client) {
        List<String> chunks = client.chunks();
        assertEquals("retry: 2000\n\n", chunks.get(0));
        int events = 0;
        for (String chunk : chunks.subList(1, chunks.size())) {
            assertTrue(chunk.endsWith("\n\n"), () -> "a chunk ends on an event boundary: " + chunk);
            int inChunk = new SseParser().feed(chunk).size();
            assertTrue(inChunk >= 1, () -> "a chunk holds whole events: " + chunk);
            events += inChunk;
        }
        assertEquals(7, events, () -> "7 events in all: " + chunks);
    }

    @Test
    void postStreamsSevenEventsInChunks() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.postJson("{\"message\":\"What is Sluice?\"}"));
            ResponseHead head = client.readHead();

            assertStreamHead(head, "keep-alive");
            assertTrue(head.isChunked());
            List<ReceivedEvent> events = client.readEvents();
            StageStreamAssertions.assertDefaultStream(events, DELAY_MS);
            assertWholeEventsPerChunk(client);
            assertEquals(List.of(2000L), client.parser().retries());
        }
    }

    @Test
    void getStreamsTheSameForEventSource() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            String message = URLEncoder.encode("héllo wörld & more\n\nevent: x", StandardCharsets.UTF_8);
            client.send("GET /api/chat/stream?message=" + message + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n");
            ResponseHead head = client.readHead();

            assertStreamHead(head, "keep-alive");
            assertTrue(head.isChunked());
            StageStreamAssertions.assertDefaultStream(client.readEvents(), DELAY_MS);
            assertWholeEventsPerChunk(client);
        }
    }

    @Test
    void javaHttpClientReadsTheStreamLineByLine() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/api/chat/stream?message=hi"))
                .timeout(Duration.ofSeconds(10)).GET().build();

        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());

        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("content-type").orElse(null));
        SseParser parser = new SseParser();
        List<ReceivedEvent> events = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            lines.forEach(line -> events.addAll(parser.feed(line + "\n")));
        }
        StageStreamAssertions.assertDefaultStream(events, DELAY_MS);
    }

    /**
     * The events are spread over the plan's time, not sent in one burst. Lower bounds cannot be
     * broken by a slow machine (no event may arrive before it is due, counted from when the request
     * was sent). Gaps between neighbours are checked leniently: one stall of the loaded test machine
     * can make a late event and the next one arrive close together, so one short gap is tolerated.
     */
    @Test
    void eventsArriveSpreadInTimeNotInOneBurst() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.get("/api/chat/stream?message=warm-up"));
            client.readHead();
            client.readEvents();

            client.send(SseTestClient.get("/api/chat/stream?message=timed"));
            long sent = client.sentNanos();
            client.readHead();
            List<ReceivedEvent> events = client.readEvents();

            StageStreamAssertions.assertDefaultStream(events, DELAY_MS);
            assertEquals(0L, events.get(0).json().get("elapsedMs"), "the first event is written at once");
            List<Long> arrivalMs = new ArrayList<>();
            for (ReceivedEvent event : events) {
                arrivalMs.add(TimeUnit.NANOSECONDS.toMillis(event.arrivalNanos() - sent));
            }
            for (int k = 1; k < events.size(); k++) {
                long due = k * DELAY_MS;
                assertTrue(arrivalMs.get(k) >= due - 1,
                        "event " + (k + 1) + " arrived at " + arrivalMs.get(k) + " ms, due at " + due + ": " + arrivalMs);
            }
            int spreadGaps = 0;
            for (int k = 1; k < events.size(); k++) {
                if (arrivalMs.get(k) - arrivalMs.get(k - 1) >= 40) {
                    spreadGaps++;
                }
            }
            assertTrue(spreadGaps >= 5, "at most one gap under 40 ms: arrivals " + arrivalMs);
            assertTrue(arrivalMs.get(1) - arrivalMs.get(0) >= 20,
                    "the first event comes well before the second: arrivals " + arrivalMs);
        }
    }
}
