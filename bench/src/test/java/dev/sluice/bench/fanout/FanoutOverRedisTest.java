package dev.sluice.bench.fanout;

import dev.sluice.bench.target.RedisServer;
import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetLauncher;
import dev.sluice.bench.target.TargetSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The small fanout across two gateway processes sharing their channels through a real redis-server: half the
 * subscribers on the node that is published to, half on the other; every one must get every event in order.
 */
class FanoutOverRedisTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void subscribersOnBothNodesGetEveryEventInOrder(@TempDir Path work) throws Exception {
        boolean installed = redisInstalled();
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("redis-server is required under CI (.ci/run installs it)");
        }
        if (!installed) {
            System.err.println("SKIPPED: redis-server is not installed");
        }
        Assumptions.assumeTrue(installed, "redis-server is not installed");
        Path root = Path.of("").toAbsolutePath().getParent();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<RunningTarget> nodes = new ArrayList<>();
        try (RedisServer redis = RedisServer.start(work)) {
            try {
                for (int i = 0; i < 2; i++) {
                    nodes.add(TargetLauncher.start(new TargetSpec(TargetKind.SLUICE, root, List.of("-Xmx256m"), null,
                            work), 6, 0, List.of("--publish-token", "test-token", "--bus", redis.url()), "/api/channels"));
                }
                FanoutResult result = new FanoutRun(new PrintStream(log, true))
                        .run(FanoutAgainstNodeSeedTest.settings(), nodes, "sluice-redis", 1);
                FanoutAgainstNodeSeedTest.assertCompleteRun(result, log);
            } finally {
                nodes.forEach(RunningTarget::close);
            }
        }
    }

    private static boolean redisInstalled() {
        try {
            Process version = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
