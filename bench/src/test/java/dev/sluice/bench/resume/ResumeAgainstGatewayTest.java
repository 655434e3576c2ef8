package dev.sluice.bench.resume;

import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetLauncher;
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

/** A small resume run against the real gateway jar: every stream cut twice, resumed exactly, then 204. */
class ResumeAgainstGatewayTest {

    private static final int STREAMS = 150;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyStreamSeesEachSeqOnceUnderOneJobThen204(@TempDir Path work) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        ResumeSettings settings = new ResumeSettings(STREAMS, 300, 6, 150, 2, 50, 10_000, 1, 4, false, 7);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (RunningTarget target = TargetLauncher.start(new TargetSpec(TargetKind.SLUICE, root, List.of("-Xmx256m"),
                null, work), 6, 150)) {
            ResumeResult result = new ResumeRun(new PrintStream(log, true)).run(settings, target, "sluice", 1);

            assertEquals(STREAMS, result.launched(), log::toString);
            assertEquals(0, result.failed(), () -> result.failureDetails() + "\n" + log);
            for (FailureReason reason : FailureReason.values()) {
                assertEquals(0, result.failures().get(reason));
            }
            assertEquals(STREAMS, result.completed());
            assertEquals(STREAMS * 3L, result.reconnects(), "two drops and the final reconnect per stream");
            assertEquals(STREAMS, result.finalNoContent());
            assertEquals(STREAMS * 7L, result.events(), "each of the seven events exactly once per stream");
            assertEquals(STREAMS, result.jobsStarted(), "one job per stream, however often it was resumed");
            assertEquals(STREAMS * 2.0, result.resumedReported());
            assertEquals(STREAMS * 2, result.reconnectHead().getTotalCount());
            assertTrue(result.streamTime().getMinValue() >= 900_000, "six stages of 150 ms take 0.9 s at least");
        }
    }
}
