package dev.sluice.bench.scenario;

import dev.sluice.bench.client.ClientLaunch;
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

/** A small multi-process hold: two gateway processes on one port (--reuse-port), one (forked) client process. */
class MultiProcessHoldAgainstGatewayTest {

    private static final int STREAMS = 400;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void bothProcessesHoldStreamsAndEveryStreamCompletes(@TempDir Path work) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        // Six stages of 400 ms, 400 streams arriving within 0.5 s: all open at once for about two seconds.
        ScenarioSettings settings = new ScenarioSettings(STREAMS, 800, false, 0, 6, 400, 0, true, "multi", 1, 4, 1,
                15_000, 250, true, false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        MultiProcessHoldRunner.Outcome outcome = new MultiProcessHoldRunner(new PrintStream(log, true),
                ClientLaunch.defaults()).run(Scenarios.byName("hold"), settings,
                new TargetSpec(TargetKind.SLUICE, root, List.of("-Xmx256m"), null, work), 2, List.of(), 2);

        assertEquals(STREAMS, outcome.run().client().launched(), log::toString);
        assertEquals(0, outcome.run().client().failed(), () -> outcome.run().client().failures() + "\n" + log);
        assertEquals(STREAMS, outcome.run().client().completed());
        assertEquals(2, outcome.processes().size());
        double peaks = 0;
        for (GatewayProcessFigures process : outcome.processes()) {
            // The kernel spreads connections over both listeners: each process holds some of the streams.
            assertTrue(process.peakOpenStreams() > 0, process::toString);
            assertTrue(process.rssPeakBytes() > 0 && process.cpuSeconds() > 0, process::toString);
            assertTrue(process.heapLoadedBytes() > 0 && process.heapIdleBytes() > 0, process::toString);
            peaks += process.peakOpenStreams();
        }
        // Sampled twice a second: together the processes' peaks cover most of the streams open at once.
        assertTrue(peaks >= STREAMS * 0.5, "the processes' peaks add up to " + peaks);
    }
}
