package dev.sluice.bench.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.bench.scenario.ScenarioSettings;
import dev.sluice.bench.target.TargetSample;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The report for machines: every run (settings, client counts, encoded histograms, target figures and
 * timeline), then the per-target figures and the Sluice ÷ peer ratios as the table shows them.
 */
public final class JsonReport {

    private JsonReport() {
    }

    /** Writes {@code report} to {@code file}. */
    public static void write(Report report, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file);
             JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            json.writeStartObject();
            json.writeStringField("scenario", report.scenario());
            json.writeStringField("command", report.command());
            json.writeStringField("machine", report.machine());
            json.writeArrayFieldStart("saturation");
            for (String line : report.saturation()) {
                json.writeString(line);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("runs");
            for (RunResult run : report.runs()) {
                writeRun(json, run);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("figures");
            for (String target : report.targets()) {
                json.writeObjectFieldStart(target);
                for (Figure figure : report.figures()) {
                    number(json, figure.name().trim(), report.value(figure, target));
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeObjectFieldStart("ratios");
            for (String peer : report.peers()) {
                json.writeObjectFieldStart("sluice/" + peer);
                for (Figure figure : report.figures()) {
                    number(json, figure.name().trim(), report.ratio(figure, peer));
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    private static void writeRun(JsonGenerator json, RunResult run) throws IOException {
        json.writeStartObject();
        json.writeStringField("target", run.target());
        json.writeNumberField("round", run.round());
        ScenarioSettings s = run.settings();
        json.writeObjectFieldStart("settings");
        json.writeNumberField("streams", s.streams());
        json.writeNumberField("rate", s.rate());
        json.writeBooleanField("steady", s.steady());
        json.writeNumberField("durationMs", s.durationMs());
        json.writeNumberField("stages", s.stages());
        json.writeNumberField("stageDelayMs", s.stageDelayMs());
        json.writeNumberField("leaveFraction", s.leaveFraction());
        json.writeStringField("method", s.post() ? "POST" : "GET");
        json.writeNumberField("processes", s.processes());
        json.writeNumberField("sourceAddresses", s.sourceAddresses());
        json.writeNumberField("clientThreads", s.clientThreads());
        json.writeEndObject();
        json.writeFieldName("client");
        ClientResultJson.write(json, run.client());
        writeTarget(json, "target", run.figures(), run.targetTimeline());
        if (run.upstream() != null) {
            writeTarget(json, "upstream", run.upstream(), run.upstreamTimeline());
        }
        json.writeEndObject();
    }

    private static void writeTarget(JsonGenerator json, String field, TargetFigures f, List<TargetSample> timeline)
            throws IOException {
        json.writeObjectFieldStart(field);
        json.writeNumberField("cpuSeconds", f.cpuSeconds());
        json.writeNumberField("rssIdleBytes", f.rssIdleBytes());
        json.writeNumberField("rssPeakBytes", f.rssPeakBytes());
        json.writeNumberField("heapIdleBytes", f.heapIdleBytes());
        json.writeNumberField("heapLoadedBytes", f.heapLoadedBytes());
        json.writeNumberField("heapOpenStreams", f.heapOpenStreams());
        json.writeNumberField("allocatedBytes", f.allocatedBytes());
        json.writeNumberField("peakOpenSockets", f.peakOpenSockets());
        json.writeNumberField("openAfterEnd", f.openAfterEnd());
        json.writeNumberField("msToZero", f.msToZero());
        if (!Double.isNaN(f.ownFirstEventP99Ms())) {
            json.writeNumberField("ownFirstEventP99Ms", f.ownFirstEventP99Ms());
        }
        if (f.gcPauses() >= 0) {
            json.writeNumberField("gcPauses", f.gcPauses());
            json.writeNumberField("gcPauseMaxMs", f.gcPauseMaxMs());
        }
        json.writeArrayFieldStart("timeline");
        for (TargetSample t : timeline) {
            json.writeStartArray();
            json.writeNumber(t.tick());
            json.writeNumber(t.openSockets());
            if (Double.isNaN(t.openStreams())) {
                json.writeNull();
            } else {
                json.writeNumber(t.openStreams());
            }
            json.writeNumber(t.cpuSeconds());
            json.writeNumber(t.rssBytes());
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void number(JsonGenerator json, String name, double value) throws IOException {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            json.writeNullField(name);
        } else {
            json.writeNumberField(name, value);
        }
    }
}
