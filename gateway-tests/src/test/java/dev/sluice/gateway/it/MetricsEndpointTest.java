package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.testing.StageStreamAssertions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics} over a real socket: parsed as Prometheus text, every series of SPEC section 6
 * is there with its type, and the values move with traffic.
 */
class MetricsEndpointTest {
    private static final long DELAY_MS = 30;
    private static GatewayServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.STAGE_DELAY_MS, Long.toString(DELAY_MS),
                ConfigOption.ACCESS_LOG, "false")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static PrometheusText scrape(int port) throws IOException {
        try (SseTestClient client = SseTestClient.connect(port)) {
            client.send(SseTestClient.get("/metrics"));
            ResponseHead head = client.readHead();
            assertEquals(200, head.status());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", head.header("content-type"));
            return PrometheusText.parse(client.readBody());
        }
    }

    @Test
    void everySeriesOfTheSpecIsExposedWithItsType() throws IOException {
        PrometheusText metrics = scrape(server.port());
        assertEquals("gauge", metrics.type("sluice_streams_open"));
        assertEquals("counter", metrics.type("sluice_streams_started_total"));
        assertEquals("counter", metrics.type("sluice_streams_ended_total"));
        assertEquals("counter", metrics.type("sluice_events_sent_total"));
        assertEquals("counter", metrics.type("sluice_bytes_sent_total"));
        assertEquals("histogram", metrics.type("sluice_time_to_first_event_seconds"));
        assertEquals("histogram", metrics.type("sluice_stage_duration_seconds"));
        assertEquals("gauge", metrics.type("sluice_connections_open"));
        metrics.sample("sluice_streams_open");
        metrics.sample("sluice_streams_started_total");
        for (StreamOutcome outcome : StreamOutcome.values()) {
            metrics.sample("sluice_streams_ended_total{outcome=\"" + outcome.label() + "\"}");
        }
        metrics.sample("sluice_events_sent_total");
        metrics.sample("sluice_bytes_sent_total");
        metrics.sample("sluice_time_to_first_event_seconds_count");
        metrics.sample("sluice_time_to_first_event_seconds_bucket{le=\"+Inf\"}");
        for (String stage : StageStreamAssertions.STAGE_IDS) {
            metrics.sample("sluice_stage_duration_seconds_count{stage=\"" + stage + "\"}");
        }
        assertTrue(metrics.sample("sluice_connections_open") >= 1, "the scrape's own connection is open");
        assertTrue(metrics.sample("jvm_memory_used_bytes{area=\"heap\"}") > 0);
        assertTrue(metrics.has("jvm_memory_max_bytes{area=\"heap\"}"));
        assertTrue(metrics.sample("process_cpu_seconds_total") > 0);
    }

    @Test
    void countersAndHistogramsMoveWithThreeStreams() throws IOException {
        PrometheusText before = scrape(server.port());
        List<SseTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SseTestClient client = SseTestClient.connect(server.port());
                clients.add(client);
                client.send(SseTestClient.get("/api/chat/stream?message=metrics" + i));
                assertEquals(200, client.readHead().status());
            }
            PrometheusText during = scrape(server.port());
            assertEquals(3, during.sample("sluice_streams_open") - before.sample("sluice_streams_open"));
            assertTrue(during.sample("sluice_connections_open") - before.sample("sluice_connections_open") >= 3);
            for (SseTestClient client : clients) {
                StageStreamAssertions.assertDefaultStream(client.readEvents(), DELAY_MS);
            }
        } finally {
            for (SseTestClient client : clients) {
                client.close();
            }
        }
        PrometheusText after = scrape(server.port());
        assertEquals(3, delta(before, after, "sluice_streams_started_total"));
        assertEquals(3, delta(before, after, "sluice_streams_ended_total{outcome=\"completed\"}"));
        assertEquals(0, delta(before, after, "sluice_streams_open"));
        assertEquals(21, delta(before, after, "sluice_events_sent_total"));
        assertTrue(delta(before, after, "sluice_bytes_sent_total") > 21 * 100, "seven events of a few hundred bytes each");
        assertEquals(3, delta(before, after, "sluice_time_to_first_event_seconds_count"));
        assertEquals(3, delta(before, after, "sluice_time_to_first_event_seconds_bucket{le=\"1.0\"}"),
                "first events come at once, not after a stage");
        double stageSeconds = 0;
        for (String stage : StageStreamAssertions.STAGE_IDS) {
            String series = "sluice_stage_duration_seconds_count{stage=\"" + stage + "\"}";
            assertEquals(3, delta(before, after, series), series);
            stageSeconds += delta(before, after, "sluice_stage_duration_seconds_sum{stage=\"" + stage + "\"}");
        }
        // A stream's stages run back to back from its first event to complete, which is never early:
        // their durations add up to at least six delays per stream (and to well under a second here).
        double planned = 3 * 6 * DELAY_MS / 1000.0;
        assertTrue(stageSeconds >= planned - 0.003 && stageSeconds < 3.0,
                "three streams' stages took " + stageSeconds + " s; planned " + planned + " s");
    }

    private static double delta(PrometheusText before, PrometheusText after, String series) {
        return after.sample(series) - before.sample(series);
    }

    @Test
    void withAnAdminPortMetricsMoveOffTheClientPort() throws IOException, InterruptedException {
        GatewayServer withAdmin = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.ADMIN_PORT, "0",
                ConfigOption.ACCESS_LOG, "false")));
        try {
            assertTrue(withAdmin.adminPort() > 0);
            scrape(withAdmin.adminPort()).sample("sluice_streams_open");
            try (SseTestClient client = SseTestClient.connect(withAdmin.adminPort())) {
                client.send(SseTestClient.get("/readyz"));
                assertEquals(200, client.readHead().status());
                client.readBody();
            }
            try (SseTestClient client = SseTestClient.connect(withAdmin.port())) {
                client.send(SseTestClient.get("/metrics"));
                assertEquals(404, client.readHead().status());
                client.readBody();
            }
        } finally {
            withAdmin.close();
        }
    }
}
