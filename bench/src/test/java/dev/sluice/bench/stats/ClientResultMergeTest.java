package dev.sluice.bench.stats;

import dev.sluice.bench.report.ClientResultJson;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientResultMergeTest {

    private static ClientResult result(long firstEventMicros, int streams, long connectFailures,
                                       List<TimelineSample> timeline) {
        LatencyHistograms latency = LatencyHistograms.empty();
        for (int i = 0; i < streams; i++) {
            latency.firstEvent().recordValue(firstEventMicros);
            latency.lateness().recordValue(firstEventMicros / 2);
            latency.streamTime().recordValue(firstEventMicros * 10);
        }
        return new ClientResult(streams + connectFailures, streams, streams, 0,
                Map.of(FailureReason.CONNECT, connectFailures), streams * 7L, streams * 700L, streams,
                1_000_000_000L, latency, timeline);
    }

    @Test
    void mergeAddsCountsAndHistograms() {
        ClientResult a = result(1_000, 90, 1, List.of());
        ClientResult b = result(50_000, 10, 2, List.of());
        ClientResult merged = a.merge(b);
        assertEquals(103, merged.launched());
        assertEquals(100, merged.completed());
        assertEquals(3, merged.failures().get(FailureReason.CONNECT));
        assertEquals(3, merged.failed());
        assertEquals(700, merged.events());
        Histogram first = merged.latency().firstEvent();
        assertEquals(100, first.getTotalCount());
        assertEquals(1_000, first.getValueAtPercentile(90), 1);
        assertEquals(50_000, first.getValueAtPercentile(95), 50);
        assertEquals(700, merged.eventsPerSecond(), 1e-9);
    }

    @Test
    void timelinesAddTickByTickAndAShorterOneCarriesItsTotals() {
        ClientResult a = result(1, 1, 0, List.of(new TimelineSample(0, 5, 10, 100, 0, 0),
                new TimelineSample(1, 2, 30, 300, 3, 0), new TimelineSample(2, 0, 35, 350, 5, 0)));
        ClientResult b = result(1, 1, 0, List.of(new TimelineSample(0, 4, 8, 80, 0, 1)));
        List<TimelineSample> merged = a.merge(b).timeline();
        assertEquals(List.of(new TimelineSample(0, 9, 18, 180, 0, 1), new TimelineSample(1, 2, 38, 380, 3, 1),
                new TimelineSample(2, 0, 43, 430, 5, 1)), merged);
    }

    @Test
    void jsonRoundTripKeepsCountsHistogramsAndTimeline() throws Exception {
        ClientResult original = result(2_500, 40, 4, List.of(new TimelineSample(0, 3, 4, 5, 6, 7)));
        ClientResult copy = ClientResultJson.parse(ClientResultJson.toJson(original));
        assertEquals(original.launched(), copy.launched());
        assertEquals(original.completed(), copy.completed());
        assertEquals(original.failures().get(FailureReason.CONNECT), copy.failures().get(FailureReason.CONNECT));
        assertEquals(0, copy.failures().get(FailureReason.TIMEOUT));
        assertEquals(original.events(), copy.events());
        assertEquals(original.activeNanos(), copy.activeNanos());
        assertEquals(original.latency().firstEvent(), copy.latency().firstEvent());
        assertEquals(original.latency().streamTime(), copy.latency().streamTime());
        assertEquals(original.timeline(), copy.timeline());
    }

    @Test
    void histogramCodecRoundTrip() {
        Histogram h = LatencyHistograms.newHistogram();
        for (long v = 1; v < 1_000_000; v *= 3) {
            h.recordValue(v);
        }
        assertEquals(h, HistogramCodec.decode(HistogramCodec.encode(h)));
    }

    @Test
    void theClientsOwnCostSurvivesJsonAndMerging() throws Exception {
        ClientCost a = new ClientCost(1.5, 0.25, 3, 12, 8, 1_000_000, 1, 1, 40);
        ClientCost b = new ClientCost(0.5, 0.75, 1, 20, 20, 500_000, 1, 1, 2);
        ClientResult merged = result(1_000, 10, 0, List.of()).withCost(a)
                .merge(ClientResultJson.parse(ClientResultJson.toJson(result(2_000, 10, 0, List.of()).withCost(b))));
        assertEquals(new ClientCost(2.0, 1.0, 4, 32, 20, 1_500_000, 2, 1, 42), merged.cost());
        assertEquals(ClientCost.NONE, ClientResultJson.parse(ClientResultJson.toJson(result(1, 1, 0, List.of()))).cost());
    }
}
