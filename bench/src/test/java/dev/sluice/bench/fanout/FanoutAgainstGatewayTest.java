package dev.sluice.bench.fanout;

import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetLauncher;
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

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same small fanout against the real gateway jar's channel API (SPEC 9), started by the bench. */
class FanoutAgainstGatewayTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everySubscriberGetsEveryEventInOrder(@TempDir Path work) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("gateway/target/sluice-gateway.jar")),
                "the reactor builds gateway/target/sluice-gateway.jar before the bench");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TargetSpec spec = new TargetSpec(TargetKind.SLUICE, root, List.of("-Xmx256m"), null, work);
        try (RunningTarget target = TargetLauncher.start(spec, 6, 0, List.of("--publish-token", "test-token"),
                "/api/channels")) {
            FanoutResult result = new FanoutRun(new PrintStream(log, true))
                    .run(FanoutAgainstNodeSeedTest.settings(), target, "sluice", 1);
            FanoutAgainstNodeSeedTest.assertCompleteRun(result, log);
        }
    }
}
