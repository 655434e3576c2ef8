package dev.sluice.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.stage.StagePlan;
import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.stream.StreamTimers;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the metrics expose and what updating them costs: each series of SPEC section 6 with values
 * that follow the registry, histogram observations in the right buckets, and no allocation on the
 * per-event and per-stage paths.
 */
class GatewayMetricsTest {
    private final OpenConnections connections = new OpenConnections();
    private final GatewayMetrics metrics = new GatewayMetrics(StagePlan.defaultPlan(150), connections);
    private final StreamRegistry streams = new StreamRegistry(10, new StreamTimers(0, 0, 0), metrics);
    private final MockTicker clock = Ticker.newMockTicker();

    GatewayMetricsTest() {
        metrics.countStreams(streams);
    }

    /** Scrapes in the text format and returns {@code series{labels} -> value}. */
    private Map<String, Double> scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        Map<String, Double> samples = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    @Test
    void streamCountsAreReadFromTheRegistryAtScrapeTime() throws IOException {
        StreamHandle completed = streams.open("POST", "/api/chat/stream", clock);
        StreamHandle open = streams.open("GET", "/api/chat/stream", clock);
        completed.eventSent(100);
        completed.eventSent(50);
        open.eventSent(70);
        completed.end(StreamOutcome.COMPLETED);

        Map<String, Double> samples = scrape();
        assertEquals(1.0, samples.get("sluice_streams_open"));
        assertEquals(2.0, samples.get("sluice_streams_started_total"));
        assertEquals(1.0, samples.get("sluice_streams_ended_total{outcome=\"completed\"}"));
        for (StreamOutcome outcome : StreamOutcome.values()) {
            assertTrue(samples.containsKey("sluice_streams_ended_total{outcome=\"" + outcome.label() + "\"}"),
                    "every outcome has a series from the start: " + outcome);
        }
        assertEquals(3.0, samples.get("sluice_events_sent_total"));
        assertEquals(220.0, samples.get("sluice_bytes_sent_total"));
        assertEquals(0.0, samples.get("sluice_connections_open"));
        assertTrue(samples.get("jvm_memory_used_bytes{area=\"heap\"}") > 0, "JVM heap");
        assertTrue(samples.containsKey("process_cpu_seconds_total"), "process CPU");
    }

    @Test
    void timeToFirstEventIsObservedOncePerStreamFromItsOpening() throws IOException {
        StreamHandle stream = streams.open("GET", "/api/chat/stream", clock);
        clock.advance(3, TimeUnit.MILLISECONDS);
        stream.eventSent(10);
        clock.advance(500, TimeUnit.MILLISECONDS);
        stream.eventSent(10);

        Map<String, Double> samples = scrape();
        assertEquals(1.0, samples.get("sluice_time_to_first_event_seconds_count"), "only the first event counts");
        assertEquals(0.003, samples.get("sluice_time_to_first_event_seconds_sum"), 1e-9);
        assertEquals(0.0, samples.get("sluice_time_to_first_event_seconds_bucket{le=\"0.0025\"}"));
        assertEquals(1.0, samples.get("sluice_time_to_first_event_seconds_bucket{le=\"0.005\"}"));
    }

    @Test
    void stageDurationsAreLabelledWithThePlansStageIds() throws IOException {
        metrics.stageFinished(0, TimeUnit.MILLISECONDS.toNanos(140));
        metrics.stageFinished(3, TimeUnit.MILLISECONDS.toNanos(900));
        metrics.stageFinished(3, TimeUnit.MILLISECONDS.toNanos(950));

        Map<String, Double> samples = scrape();
        assertEquals(1.0, samples.get("sluice_stage_duration_seconds_count{stage=\"init\"}"));
        assertEquals(1.0, samples.get("sluice_stage_duration_seconds_bucket{stage=\"init\",le=\"0.15\"}"));
        assertEquals(2.0, samples.get("sluice_stage_duration_seconds_count{stage=\"reason\"}"));
        assertEquals(0.0, samples.get("sluice_stage_duration_seconds_bucket{stage=\"reason\",le=\"0.5\"}"));
        assertEquals(2.0, samples.get("sluice_stage_duration_seconds_bucket{stage=\"reason\",le=\"1.0\"}"));
        assertEquals(0.0, samples.get("sluice_stage_duration_seconds_count{stage=\"generate\"}"),
                "every stage of the plan has its series before it is first observed");
    }

    /**
     * The per-event and per-stage updates allocate nothing: measured with the JVM's per-thread
     * allocation counter around many updates after a warm-up (an allocation check, not a timing one).
     */
    @Test
    void updatingMetricsOnTheHotPathAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        StreamHandle[] handles = new StreamHandle[10];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = streams.open("GET", "/api/chat/stream", clock);
        }
        int updates = 200_000;
        runUpdates(handles, updates); // warm-up: JIT, adder cells, lazily built histogram state
        long before = threads.getThreadAllocatedBytes(threadId);
        runUpdates(handles, updates);
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        // The counter's own bookkeeping may show a few dozen bytes; one allocation per update would be MBs.
        assertTrue(allocated < 1024, () -> allocated + " bytes allocated over " + updates + " metric updates");
    }

    private void runUpdates(StreamHandle[] handles, int updates) {
        for (int i = 0; i < updates; i++) {
            handles[i % handles.length].eventSent(200 + (i & 63));
            metrics.stageFinished(i % 6, 150_000_000L + i);
            metrics.firstEventSent(handles[0], 200_000L + i);
        }
    }
}
