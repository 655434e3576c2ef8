package dev.sluice.bench.scenario;

import dev.sluice.bench.client.ClientLaunch;
import dev.sluice.bench.report.RunResult;
import dev.sluice.bench.target.JavaRuntime;
import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The null target (the bench's own trivial SSE server) in a process of its own, pinned, driven by a
 * pinned client process: every stream passes the same checks a real target's must, two passes run
 * against one target process, and the client reports its own CPU, GC pauses and allocation.
 */
class CalibrateAgainstNullTargetTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theNullTargetPassesEveryCheckAndTheClientMeasuresItself(@TempDir Path work) throws Exception {
        ScenarioSettings settings = new ScenarioSettings(200, 200, false, 0, 6, 10, 0, true, "calibrate",
                1, 2, 1, 10_000, 250, false, true);
        ClientLaunch clients = ClientLaunch.of(JavaRuntime.current(), null, "0");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<RunResult> runs = new ScenarioRunner(new PrintStream(log, true), clients).run(Scenarios.byName("ramp"),
                settings, new TargetSpec(TargetKind.NULL, Path.of("."), List.of("-Xmx128m"), null, work,
                        JavaRuntime.current(), "0"), 1, 1);

        assertEquals(List.of("null pass 1", "null"), runs.stream().map(RunResult::target).toList(), log::toString);
        for (RunResult run : runs) {
            assertEquals(200, run.client().completed(), () -> log + " " + run.client().failures());
            assertEquals(200 * 7L, run.client().events());
            assertTrue(run.client().cost().measured());
            assertEquals(1, run.client().cost().processes());
            assertEquals(1, run.client().cost().cpus(), "the client runs on the one CPU it is pinned to");
            assertTrue(run.client().cost().allocatedBytes() > 0);
            assertEquals(1, run.figures().cpus());
            assertTrue(run.figures().cpuSeconds() >= 0);
            assertTrue(run.allocatedPerStream() > 0, "the null target's GC log brackets the load");
            // Six stages of 10 ms: the floor of a whole stream is 60 ms.
            assertTrue(run.client().latency().streamTime().getMinValue() >= 60_000);
        }
    }
}
