package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.StageStreamAssertions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What happens to the connection after a stream: kept for the next request, or closed when asked. */
class KeepAliveTest {
    private static final long DELAY_MS = GatewayExtension.STAGE_DELAY_MS;

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension();

    @Test
    void aSecondRequestOnTheSameConnectionGetsAFullStream() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.postJson("{\"message\":\"first\"}"));
            StreamResponseTest.assertStreamHead(client.readHead(), "keep-alive");
            List<ReceivedEvent> first = client.readEvents();
            StageStreamAssertions.assertDefaultStream(first, DELAY_MS);

            client.send(SseTestClient.get("/api/chat/stream?message=second"));
            StreamResponseTest.assertStreamHead(client.readHead(), "keep-alive");
            List<ReceivedEvent> second = client.readEvents();
            StageStreamAssertions.assertDefaultStream(second, DELAY_MS);
            StreamResponseTest.assertWholeEventsPerChunk(client);
            assertNotEquals(first.get(0).json().get("streamId"), second.get(0).json().get("streamId"));

            assertTrue(client.staysQuietFor(200), "the connection stays open and quiet after the stream");
        }
    }

    @Test
    void connectionCloseGetsTheStreamThenTheServerCloses() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send("GET /api/chat/stream?message=bye HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            ResponseHead head = client.readHead();
            StreamResponseTest.assertStreamHead(head, "close");
            assertTrue(head.isChunked());
            StageStreamAssertions.assertDefaultStream(client.readEvents(), DELAY_MS);
            assertTrue(client.awaitServerClose(), "the server closes after the last chunk");
        }
    }

    @Test
    void http10GetsAnUnchunkedStreamEndedByTheServerClosing() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send("GET /api/chat/stream?message=old HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
            ResponseHead head = client.readHead();
            StreamResponseTest.assertStreamHead(head, "close");
            assertNull(head.header("transfer-encoding"), "HTTP/1.0 cannot read chunks");
            List<ReceivedEvent> events = client.readEvents();
            StageStreamAssertions.assertDefaultStream(events, DELAY_MS);
            assertEquals(List.of(2000L), client.parser().retries());
            assertTrue(client.chunks().isEmpty());
        }
    }

    @Test
    void aPipelinedRequestIsAnsweredAfterTheFirstStreamEnds() throws IOException {
        StreamRegistry streams = gateway.server().streams();
        try (SseTestClient client = gateway.connect()) {
            long startedBefore = streams.startedStreams();
            client.send(SseTestClient.get("/api/chat/stream?message=one")
                    + SseTestClient.postJson("{\"message\":\"two\"}"));

            StreamResponseTest.assertStreamHead(client.readHead(), "keep-alive");
            // Checked as soon as the first head is in, while the first stream has most of its ~360 ms to run:
            // after a few of its events a client slowed by a loaded machine could already be past its end.
            assertEquals(startedBefore + 1, streams.startedStreams(), "the second request waits behind the stream");
            List<ReceivedEvent> first = new ArrayList<>(client.readEvents());
            StageStreamAssertions.assertDefaultStream(first, DELAY_MS);

            ResponseHead secondHead = client.readHead();
            StreamResponseTest.assertStreamHead(secondHead, "keep-alive");
            List<ReceivedEvent> second = client.readEvents();
            StageStreamAssertions.assertDefaultStream(second, DELAY_MS);
            assertEquals(startedBefore + 2, streams.startedStreams());
            assertNotEquals(first.get(0).json().get("streamId"), second.get(0).json().get("streamId"));
            assertTrue(client.staysQuietFor(200), "nothing more, and the connection stays open");
        }
    }
}
