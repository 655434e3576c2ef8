package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.StageStreamAssertions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SPEC section 8 over real sockets: a stream cut mid-way and resumed with {@code Last-Event-ID} gets
 * exactly the events it missed and then the live ones from the same job; a reconnect after the final
 * event, or for an unknown or expired stream, gets {@code 204}.
 */
class ResumeTest {
    private static final long WINDOW_MS = 1500;

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(Map.of(
            ConfigOption.RESUME_WINDOW_MS, Long.toString(WINDOW_MS)));

    @Test
    void aStreamCutAfterEventThreeAndResumedGetsFourToSevenOnceFromTheSameJob() throws Exception {
        double jobsBefore = scrape().sample("sluice_stage_jobs_started_total");
        List<ReceivedEvent> first = new ArrayList<>();
        try (SseTestClient cut = gateway.connect()) {
            cut.send(SseTestClient.get("/api/chat/stream?message=resume+me"));
            assertEquals(200, cut.readHead().status());
            for (int i = 0; i < 3; i++) {
                first.add(cut.nextEvent());
            }
        }
        String streamId = (String) first.get(0).json().get("streamId");
        assertEquals(streamId + ":3", first.get(2).id());
        // Gone for about two stages: events 4 and 5 are produced meanwhile, with nobody subscribed.
        Thread.sleep(2 * GatewayExtension.STAGE_DELAY_MS + 20);

        List<ReceivedEvent> rest;
        try (SseTestClient resumed = gateway.connect()) {
            resumed.send("GET /api/chat/stream?message=resume+me HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Last-Event-ID: " + first.get(2).id() + "\r\n\r\n");
            ResponseHead head = resumed.readHead();
            assertEquals(200, head.status());
            rest = resumed.readEvents();
        }
        List<String> ids = rest.stream().map(ReceivedEvent::id).toList();
        assertEquals(List.of(streamId + ":4", streamId + ":5", streamId + ":6", streamId + ":7"), ids,
                "exactly the events after 3: none twice, none skipped");
        for (ReceivedEvent event : rest) {
            assertEquals(streamId, event.json().get("streamId"), "the same stream");
        }
        List<ReceivedEvent> whole = new ArrayList<>(first);
        whole.addAll(rest);
        StageStreamAssertions.assertDefaultStream(whole, GatewayExtension.STAGE_DELAY_MS);
        assertEquals(jobsBefore + 1, scrape().sample("sluice_stage_jobs_started_total"), "one job, not two");
    }

    @Test
    void aReconnectAfterTheFinalEventGets204AndStartsNothing() throws IOException {
        String lastId;
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.get("/api/chat/stream?message=whole"));
            client.readHead();
            List<ReceivedEvent> events = client.readEvents();
            lastId = events.get(events.size() - 1).id();
            double started = scrape().sample("sluice_stage_jobs_started_total");

            // EventSource reconnects to the same URL with the last id it saw.
            client.send("GET /api/chat/stream?message=whole HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Last-Event-ID: " + lastId + "\r\n\r\n");
            ResponseHead head = client.readHead();
            assertEquals(204, head.status());
            assertNull(head.header("x-sluice-stream"), "the stream is known, and finished");
            // The query parameter works as the header does, and the connection is still usable.
            client.send(SseTestClient.get("/api/chat/stream?message=whole&lastEventId=" + lastId));
            assertEquals(204, client.readHead().status());
            assertEquals(started, scrape().sample("sluice_stage_jobs_started_total"), "no job started");
        }
    }

    @Test
    void anUnknownOrExpiredStreamGets204Expired() throws Exception {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.get("/api/chat/stream?message=x&lastEventId=s-0123456789abcdef:2"));
            ResponseHead unknown = client.readHead();
            assertEquals(204, unknown.status());
            assertEquals("expired", unknown.header("x-sluice-stream"));

            client.send(SseTestClient.get("/api/chat/stream?message=x&lastEventId=not-one-of-ours"));
            assertEquals("expired", client.readHead().header("x-sluice-stream"));

            client.send(SseTestClient.get("/api/chat/stream?message=expiring"));
            client.readHead();
            ReceivedEvent one = client.nextEvent();
            client.readEvents();
            Thread.sleep(WINDOW_MS + 300);
            client.send("GET /api/chat/stream?message=expiring HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Last-Event-ID: " + one.id() + "\r\n\r\n");
            ResponseHead expired = client.readHead();
            assertEquals(204, expired.status());
            assertEquals("expired", expired.header("x-sluice-stream"));
        }
    }

    private static PrometheusText scrape() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.get("/metrics"));
            assertEquals(200, client.readHead().status());
            return PrometheusText.parse(client.readBody());
        }
    }

}
