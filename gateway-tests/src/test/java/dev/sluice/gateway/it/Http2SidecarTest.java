package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sidecar relays (SPEC section 4) as HTTP/2 streams: the upstream's events reach the HTTP/2 client one
 * by one, and a client resetting its stream aborts the upstream call.
 */
class Http2SidecarTest {
    @TempDir
    static Path certificates;
    private static ScriptedUpstream upstream;
    private static GatewayServer gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = new ScriptedUpstream();
        TestCertificate cert = TestCertificate.create(certificates, "localhost");
        gateway = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.PORT, "0",
                ConfigOption.ROUTES, "/sse=" + upstream.url("/events") + ",/held=" + upstream.url("/held"),
                ConfigOption.TLS_CERT, cert.cert().toString(),
                ConfigOption.TLS_KEY, cert.key().toString())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.shutdown(0);
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void upstreamEventsAreRelayedOneByOne() throws Exception {
        upstream.on("/events", ex -> {
            ex.startChunked("text/event-stream");
            for (int k = 1; k <= 3; k++) {
                ex.chunk("id: u" + k + "\nevent: progress\ndata: {\"step\":" + k + "}\n\n");
                Thread.sleep(150);
            }
            ex.endChunked();
        });
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            H2TestClient.Stream stream = client.get("/sse");
            stream.awaitEnd(10_000);
            assertEquals("200", stream.headers(0).status().toString());
            List<ReceivedEvent> events = stream.events();
            List<ReceivedEvent> progress = events.stream().filter(e -> "progress".equals(e.event())).toList();
            assertEquals(3, progress.size(), stream.body());
            for (int k = 1; k < 3; k++) {
                assertTrue(progress.get(k).arrivalNanos() - progress.get(k - 1).arrivalNanos()
                        >= TimeUnit.MILLISECONDS.toNanos(100), "relayed as produced, not at the end");
            }
        }
    }

    @Test
    void aResetStreamAbortsItsUpstreamCall() throws Exception {
        CompletableFuture<Long> upstreamClosed = new CompletableFuture<>();
        upstream.on("/held", ex -> {
            ex.startChunked("text/event-stream");
            ex.chunk("event: progress\ndata: {\"step\":1}\n\n");
            upstreamClosed.complete(ex.awaitClose());
        });
        long gone = gateway.streams().endedStreams(StreamOutcome.CLIENT_GONE);
        try (H2TestClient client = H2TestClient.connect(gateway.port(), 65_535)) {
            H2TestClient.Stream stream = client.get("/held");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (stream.events().stream().noneMatch(e -> "progress".equals(e.event()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long cancelled = System.nanoTime();
            stream.cancel();
            long closedAt = upstreamClosed.get(5, TimeUnit.SECONDS);
            assertTrue(closedAt - cancelled < TimeUnit.SECONDS.toNanos(2), "the upstream call was aborted");
        }
        assertEquals(gone + 1, gateway.streams().endedStreams(StreamOutcome.CLIENT_GONE));
    }
}
