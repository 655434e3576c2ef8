package dev.sluice.bench.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.bench.stats.ClientCost;
import dev.sluice.bench.stats.ClientResult;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.HistogramCodec;
import dev.sluice.bench.stats.LatencyHistograms;
import dev.sluice.bench.stats.TimelineSample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link ClientResult}, histograms included (compressed, base64), used both inside
 * the report and to hand a client process's result to the parent, which merges them.
 */
public final class ClientResultJson {

    private static final JsonFactory JSON = new JsonFactory();

    private ClientResultJson() {
    }

    /** Writes {@code result} as one JSON object. */
    public static void write(JsonGenerator json, ClientResult result) throws IOException {
        json.writeStartObject();
        json.writeNumberField("launched", result.launched());
        json.writeNumberField("established", result.established());
        json.writeNumberField("completed", result.completed());
        json.writeNumberField("left", result.left());
        json.writeObjectFieldStart("failures");
        for (FailureReason reason : FailureReason.values()) {
            json.writeNumberField(reason.label(), result.failures().getOrDefault(reason, 0L));
        }
        json.writeEndObject();
        json.writeNumberField("events", result.events());
        json.writeNumberField("bytes", result.bytes());
        json.writeNumberField("peakOpen", result.peakOpen());
        json.writeNumberField("activeNanos", result.activeNanos());
        json.writeObjectFieldStart("histograms");
        json.writeStringField("firstEvent", HistogramCodec.encode(result.latency().firstEvent()));
        json.writeStringField("lateness", HistogramCodec.encode(result.latency().lateness()));
        json.writeStringField("streamTime", HistogramCodec.encode(result.latency().streamTime()));
        json.writeStringField("firstUpstreamEvent",
                HistogramCodec.encode(result.latency().firstUpstreamEvent()));
        json.writeEndObject();
        ClientCost cost = result.cost();
        if (cost.measured()) {
            json.writeObjectFieldStart("cost");
            json.writeNumberField("userSeconds", cost.userSeconds());
            json.writeNumberField("systemSeconds", cost.systemSeconds());
            json.writeNumberField("gcPauses", cost.gcPauses());
            json.writeNumberField("gcPauseTotalMs", cost.gcPauseTotalMs());
            json.writeNumberField("gcPauseMaxMs", cost.gcPauseMaxMs());
            json.writeNumberField("allocatedBytes", cost.allocatedBytes());
            json.writeNumberField("processes", cost.processes());
            json.writeNumberField("cpus", cost.cpus());
            json.writeNumberField("jitMs", cost.jitMs());
            json.writeEndObject();
        }
        json.writeArrayFieldStart("timeline");
        for (TimelineSample s : result.timeline()) {
            json.writeArray(new long[] {s.tick(), s.openStreams(), s.events(), s.bytes(), s.completed(), s.failed()},
                    0, 6);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** The whole result as a JSON string. */
    public static String toJson(ClientResult result) throws IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, result);
        }
        return out.toString();
    }

    /** Reads what {@link #write} wrote. */
    public static ClientResult parse(String text) throws IOException {
        try (JsonParser json = JSON.createParser(text)) {
            expect(json.nextToken(), JsonToken.START_OBJECT);
            Map<String, Long> numbers = new java.util.HashMap<>();
            Map<FailureReason, Long> failures = new EnumMap<>(FailureReason.class);
            Map<String, String> histograms = new java.util.HashMap<>();
            Map<String, Double> cost = new java.util.HashMap<>();
            List<TimelineSample> timeline = new ArrayList<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "failures" -> readObject(json, (k, p) -> failures.put(
                            FailureReason.valueOf(k.toUpperCase(java.util.Locale.ROOT)), p.getLongValue()));
                    case "histograms" -> readObject(json, (k, p) -> histograms.put(k, p.getText()));
                    case "cost" -> readObject(json, (k, p) -> cost.put(k, p.getDoubleValue()));
                    case "timeline" -> {
                        while (json.nextToken() == JsonToken.START_ARRAY) {
                            long[] v = new long[6];
                            for (int i = 0; i < 6; i++) {
                                json.nextToken();
                                v[i] = json.getLongValue();
                            }
                            expect(json.nextToken(), JsonToken.END_ARRAY);
                            timeline.add(new TimelineSample((int) v[0], v[1], v[2], v[3], v[4], v[5]));
                        }
                    }
                    default -> {
                        if (value == JsonToken.VALUE_NUMBER_INT) {
                            numbers.put(name, json.getLongValue());
                        } else {
                            json.skipChildren();
                        }
                    }
                }
            }
            LatencyHistograms latency = new LatencyHistograms(HistogramCodec.decode(histograms.get("firstEvent")),
                    HistogramCodec.decode(histograms.get("lateness")),
                    HistogramCodec.decode(histograms.get("streamTime")),
                    HistogramCodec.decode(histograms.get("firstUpstreamEvent")));
            return new ClientResult(numbers.get("launched"), numbers.get("established"), numbers.get("completed"),
                    numbers.get("left"), failures, numbers.get("events"), numbers.get("bytes"),
                    numbers.get("peakOpen"), numbers.get("activeNanos"), latency, timeline,
                    cost.isEmpty() ? ClientCost.NONE : new ClientCost(cost.get("userSeconds"),
                            cost.get("systemSeconds"), cost.get("gcPauses").longValue(), cost.get("gcPauseTotalMs"),
                            cost.get("gcPauseMaxMs"), cost.get("allocatedBytes").longValue(),
                            cost.get("processes").intValue(), cost.get("cpus").intValue(),
                            cost.getOrDefault("jitMs", -1.0)));
        }
    }

    private interface FieldReader {
        void read(String name, JsonParser parser) throws IOException;
    }

    private static void readObject(JsonParser json, FieldReader reader) throws IOException {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            json.nextToken();
            reader.read(key, json);
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", got " + actual);
        }
    }
}
