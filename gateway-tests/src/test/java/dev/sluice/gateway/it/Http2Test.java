package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.StageStreamAssertions;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTP/2 over TLS (SPEC section 11) with a real Netty HTTP/2 client: many event streams on one
 * connection, each flushed event by event; per-stream flow control; {@code RST_STREAM} ending one
 * stream only; rapid-reset protection; header-list limits.
 */
class Http2Test {
    /** Longer than the other tests' stages: fifty streams share two cores with the client and TLS. */
    private static final long DELAY_MS = 120;
    private static final String CHAT = "/api/chat/stream?message=h2";
    /** Resets one connection may send within 30 s (GatewayInitializer.MAX_RST_PER_WINDOW). */
    private static final int RAPID_RESET_LIMIT = 200;

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.tls(Map.of(
            ConfigOption.STAGE_DELAY_MS, Long.toString(DELAY_MS),
            ConfigOption.H2_MAX_CONCURRENT_STREAMS, "100"));

    private static void assertStreamHeaders(Http2Headers headers) {
        assertEquals("200", headers.status().toString());
        assertEquals("text/event-stream; charset=utf-8", headers.get("content-type").toString());
        assertEquals("no-cache", headers.get("cache-control").toString());
        for (String connectionSpecific : new String[] {"connection", "keep-alive", "transfer-encoding"}) {
            assertNull(headers.get(connectionSpecific), connectionSpecific + " must not be sent on HTTP/2");
        }
    }

    @Test
    void fiftyStreamsShareOneConnectionEachFlushedEventByEvent() throws Exception {
        long h2StreamsBefore = gateway.server().edgeStats().h2Streams();
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            List<H2TestClient.Stream> streams = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                streams.add(client.get(CHAT + i));
            }
            for (H2TestClient.Stream stream : streams) {
                stream.awaitEnd(10_000);
                assertStreamHeaders(stream.headers(0));
                List<ReceivedEvent> events = stream.events();
                StageStreamAssertions.assertDefaultStream(events, DELAY_MS);
                // Each event reaches the client when it is produced, not with the end of the stream: even on
                // a loaded machine, where some fall due together, most arrive apart from the one before.
                int apart = 0;
                for (int i = 1; i < events.size(); i++) {
                    if (events.get(i).arrivalNanos() - events.get(i - 1).arrivalNanos()
                            >= TimeUnit.MILLISECONDS.toNanos(DELAY_MS / 4)) {
                        apart++;
                    }
                }
                assertTrue(apart >= 3, "events arrived as produced: only " + apart + " of 6 apart");
                assertTrue(events.get(6).arrivalNanos() - events.get(0).arrivalNanos()
                        >= TimeUnit.MILLISECONDS.toNanos(2 * DELAY_MS), "not delivered in one burst at the end");
            }
        }
        assertEquals(h2StreamsBefore + 50, gateway.server().edgeStats().h2Streams());
    }

    @Test
    void rstStreamEndsThatStreamOnlyAsClientGone() throws Exception {
        long gone = gateway.server().streams().endedStreams(StreamOutcome.CLIENT_GONE);
        long completed = gateway.server().streams().endedStreams(StreamOutcome.COMPLETED);
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            H2TestClient.Stream cancelled = client.get(CHAT + "cancelled");
            H2TestClient.Stream kept = client.get(CHAT + "kept");
            cancelled.headers(5_000);
            cancelled.cancel();
            kept.awaitEnd(5_000);
            StageStreamAssertions.assertDefaultStream(kept.events(), DELAY_MS);
            assertTrue(cancelled.events().size() < 7);

            // The connection still serves new streams.
            H2TestClient.Stream after = client.get("/healthz");
            after.awaitEnd(5_000);
            assertEquals("200", after.headers(0).status().toString());
        }
        awaitCount(() -> gateway.server().streams().endedStreams(StreamOutcome.CLIENT_GONE), gone + 1);
        assertEquals(gone + 1, gateway.server().streams().endedStreams(StreamOutcome.CLIENT_GONE));
        assertEquals(completed + 1, gateway.server().streams().endedStreams(StreamOutcome.COMPLETED));
    }

    @Test
    void aHeaderListOverTheLimitEndsThatStreamOnly() throws Exception {
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            H2TestClient.Stream kept = client.get(CHAT + "beside-big-headers");
            // --max-header-bytes is 8192 by default; this one header alone is 10,000 bytes.
            H2TestClient.Stream big = client.open("GET", "/healthz", Map.of("x-big", "b".repeat(10_000)), null, true);
            big.awaitEnd(5_000);
            // Netty's codec answers such a stream 431 itself, before any of the gateway's handlers see it.
            assertEquals("431", String.valueOf(big.headersOrNull() == null ? null : big.headersOrNull().status()));
            kept.awaitEnd(5_000);
            StageStreamAssertions.assertDefaultStream(kept.events(), DELAY_MS);
            assertTrue(client.connection().isActive(), "the connection and its other streams go on");
            H2TestClient.Stream after = client.get("/healthz");
            after.awaitEnd(5_000);
            assertEquals("200", after.headers(0).status().toString());
        }
    }

    @Test
    void aRapidResetFloodClosesTheConnectionWithGoAway() throws Exception {
        long errors = gateway.server().edgeStats().h2ConnectionErrors();
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            // One more stream opened and reset than the gateway allows in its 30 s window (200), then
            // silence: had the client kept sending, the gateway's close would meet unread bytes and
            // reset the TCP connection, and the client could lose the GOAWAY in flight.
            for (int i = 0; i < RAPID_RESET_LIMIT + 1 && client.connection().isActive(); i++) {
                try {
                    client.get(CHAT + "flood" + i).cancel();
                } catch (java.io.IOException closed) {
                    break; // the server has had enough
                }
            }
            Http2GoAwayFrame goAway = client.goAway().get(5, TimeUnit.SECONDS);
            try {
                assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), goAway.errorCode());
            } finally {
                goAway.release();
            }
            assertTrue(client.connection().closeFuture().await(5, TimeUnit.SECONDS), "the server closed it");
        }
        awaitCount(() -> gateway.server().edgeStats().h2ConnectionErrors(), errors + 1);
        awaitCount(() -> gateway.server().streams().openStreams(), 0);
    }

    private static void awaitCount(java.util.function.LongSupplier count, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (count.getAsLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, count.getAsLong());
    }
}
