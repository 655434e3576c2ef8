package dev.sluice.bench.fanout;

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

/** A small fanout end to end against the real node-seed peer's channel API, started by the bench. */
class FanoutAgainstNodeSeedTest {

    static final int SUBSCRIBERS = 200;
    static final int CHANNELS = 2;
    static final int EVENTS = 20;
    static final int WARM_UP = 2;

    static FanoutSettings settings() {
        return new FanoutSettings(SUBSCRIBERS, CHANNELS, 20, EVENTS, WARM_UP, 2_000, 32, 1, 4, 10_000,
                "test-token", false);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everySubscriberGetsEveryEventInOrder(@TempDir Path work) throws Exception {
        NodeInstalledForTests.assumeOrFailUnderCi();
        Path root = Path.of("").toAbsolutePath().getParent();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TargetSpec spec = new TargetSpec(TargetKind.NODE_SEED, root, List.of(), null, work);
        try (RunningTarget target = TargetLauncher.start(spec, 6, 0, List.of("--publish-token", "test-token"),
                "/api/channels")) {
            FanoutResult result = new FanoutRun(new PrintStream(log, true)).run(settings(), target, "node-seed", 1);
            assertCompleteRun(result, log);
        }
    }

    static void assertCompleteRun(FanoutResult result, ByteArrayOutputStream log) {
        assertEquals(0, result.failed(), () -> result.failureDetails() + "\n" + log);
        for (FailureReason reason : FailureReason.values()) {
            assertEquals(0, result.failures().get(reason));
        }
        assertEquals(SUBSCRIBERS, result.subscribed());
        assertEquals(SUBSCRIBERS, result.complete());
        assertEquals((long) CHANNELS * EVENTS, result.published());
        assertEquals((long) SUBSCRIBERS * EVENTS, result.expectedDeliveries());
        assertEquals(result.expectedDeliveries(), result.delivered());
        assertEquals(result.delivered(), result.delivery().getTotalCount());
        // Twenty events at 20/s: the last is published about 0.95 s after the first, and is delivered after that.
        assertTrue(result.deliverySeconds() >= 0.9, "delivery span " + result.deliverySeconds());
        assertTrue(result.cpuSeconds() >= 0);
        assertTrue(result.rssSubscribedBytes() > 0 && result.rssIdleBytes() > 0);
        assertEquals(0, result.openAfter());
    }
}
