package dev.sluice.bench.scenario;

import dev.sluice.bench.report.JsonReport;
import dev.sluice.bench.report.Report;
import dev.sluice.bench.report.RunResult;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small ramp against the real gateway jar, started as a process by the bench itself. */
class RampAgainstGatewayTest {

    private static final int STREAMS = 300;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyStreamCompletesWithSevenEvents(@TempDir Path work) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("gateway/target/sluice-gateway.jar")),
                "the reactor builds gateway/target/sluice-gateway.jar before the bench");
        Scenario ramp = Scenarios.byName("ramp");
        ScenarioSettings settings = new ScenarioSettings(STREAMS, 300, false, 0, 6, 20, 0, true, "integration",
                1, 4, 1, 20_000, 250, false, false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RunResult run = new ScenarioRunner(new PrintStream(log, true)).run(ramp, settings,
                new TargetSpec(TargetKind.SLUICE, root, List.of("-Xmx256m"), null, work), 1);

        assertEquals(STREAMS, run.client().launched(), log::toString);
        assertEquals(0, run.client().failed(), () -> run.client().failures().toString());
        assertEquals(STREAMS, run.client().established());
        assertEquals(STREAMS, run.client().completed());
        assertEquals(0, run.client().failed(), () -> run.client().failures().toString());
        for (FailureReason reason : FailureReason.values()) {
            assertEquals(0, run.client().failures().get(reason));
        }
        assertEquals(STREAMS * 7L, run.client().events());
        assertEquals(STREAMS, run.client().latency().firstEvent().getTotalCount());
        assertEquals(STREAMS * 7L, run.client().latency().lateness().getTotalCount());
        assertEquals(STREAMS, run.client().latency().streamTime().getTotalCount());
        // Six stages of 20 ms: no stream can end sooner than 120 ms after its intended start.
        assertTrue(run.client().latency().streamTime().getMinValue() >= 120_000,
                "stream time " + run.client().latency().streamTime().getMinValue());
        assertTrue(run.figures().cpuSeconds() > 0);
        assertTrue(run.figures().peakOpenSockets() > 0);
        assertEquals(0, run.figures().openAfterEnd());
        assertTrue(run.figures().msToZero() >= 0);

        Path json = work.resolve("report.json");
        JsonReport.write(new Report("ramp", "test", "test machine", List.of(run)), json);
        String text = Files.readString(json);
        assertTrue(text.contains("\"streams completed\" : " + STREAMS + ".0"), text);
        assertTrue(text.contains("\"events received\" : " + (STREAMS * 7) + ".0"), text);
        assertTrue(text.contains("\"streams failed\" : 0.0"), text);
    }
}
