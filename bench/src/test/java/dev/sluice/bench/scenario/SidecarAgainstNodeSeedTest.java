package dev.sluice.bench.scenario;

import dev.sluice.bench.report.JsonReport;
import dev.sluice.bench.report.Report;
import dev.sluice.bench.report.RunResult;
import dev.sluice.bench.report.SidecarFigures;
import dev.sluice.bench.stats.ClientResult;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A small {@code sidecar} run end to end: the real gateway jar relaying the real node-seed peer, both
 * started by the bench, against the same clients hitting node-seed directly.
 */
class SidecarAgainstNodeSeedTest {

    private static final int STREAMS = 100;
    /**
     * Connections beside the streams that a peak may include: the bench's one-shot probes of a
     * target's /healthz and /metrics are real connections to the same port.
     */
    private static final int PROBE_CONNECTIONS = 10;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyStreamCompletesDirectlyAndThroughSluiceAndTheAppServerIsMeasuredInBoth(@TempDir Path work)
            throws Exception {
        assumeTrue(nodeInstalled(), "node is not installed");
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("gateway/target/sluice-gateway.jar")),
                "the reactor builds gateway/target/sluice-gateway.jar before the bench");
        SidecarScenario scenario = (SidecarScenario) Scenarios.byName("sidecar");
        // Six stages of 250 ms, all 100 streams arriving within 0.25 s, so all are open at once for over a
        // second: long enough for the heap probe to find them open even on a loaded machine.
        ScenarioSettings settings = new ScenarioSettings(STREAMS, 400, false, 0, 6, 250, 0, true, "integration",
                1, 4, 1, 20_000, 250, true, false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SidecarRunner runner = new SidecarRunner(new PrintStream(log, true));
        TargetSpec gateway = new TargetSpec(TargetKind.SLUICE, root, List.of("-Xmx256m"), null, work);
        TargetSpec app = new TargetSpec(TargetKind.NODE_SEED, root, List.of(), null, work);

        RunResult direct = runner.run(scenario, settings, SidecarMode.DIRECT, gateway, app, 1);
        RunResult relayed = runner.run(scenario, settings, SidecarMode.SLUICE, gateway, app, 1);

        assertAllComplete(direct.client(), 7, log);
        assertAllComplete(relayed.client(), 8, log);
        // Straight to the app server its first event is its first upstream event; through Sluice the
        // accepted event comes first, so every stream's first event is no later than its first upstream one.
        assertEquals(direct.client().latency().firstEvent(), direct.client().latency().firstUpstreamEvent());
        assertTrue(relayed.client().latency().firstEvent().getValueAtPercentile(50)
                <= relayed.client().latency().firstUpstreamEvent().getValueAtPercentile(50));
        assertTrue(relayed.client().latency().firstEvent().getMaxValue()
                <= relayed.client().latency().firstUpstreamEvent().getMaxValue());

        // Directly, the app server is the target; through Sluice it is the upstream, measured alongside.
        assertEquals("direct", direct.target());
        assertNull(direct.upstream());
        assertEquals("sluice", relayed.target());
        assertNotNull(relayed.upstream());
        for (var app1 : List.of(direct.figures(), relayed.upstream())) {
            assertTrue(app1.peakOpenSockets() > 0 && app1.peakOpenSockets() <= STREAMS + PROBE_CONNECTIONS,
                    app1::toString);
            assertTrue(app1.cpuSeconds() >= 0, app1::toString);
            assertTrue(app1.rssPeakBytes() > 0, app1::toString);
        }
        assertEquals(0, direct.figures().openAfterEnd());
        // Sluice's pooled keep-alive connections may stay open to the app server, never more than one per stream.
        assertTrue(relayed.upstream().openAfterEnd() <= STREAMS, relayed.upstream()::toString);
        // Sluice itself: its client connections drain to zero, and it is measured as a JVM.
        assertEquals(0, relayed.figures().openAfterEnd());
        assertTrue(relayed.figures().peakOpenSockets() > 0
                && relayed.figures().peakOpenSockets() <= STREAMS + PROBE_CONNECTIONS, relayed.figures()::toString);
        assertTrue(relayed.figures().rssPeakBytes() > 0);
        assertTrue(relayed.figures().heapLoadedBytes() > 0, relayed.figures()::toString);

        Path json = work.resolve("report.json");
        JsonReport.write(new Report("sidecar", "test", "test machine", List.of(direct, relayed),
                SidecarFigures.all()), json);
        String text = Files.readString(json);
        assertTrue(text.contains("\"streams completed\" : " + STREAMS + ".0"), text);
        assertTrue(text.contains("\"events received\" : " + (STREAMS * 8) + ".0"), text);
        assertTrue(text.contains("\"sluice/direct\""), text);
        assertTrue(text.contains("\"upstream\" : {"), text);
    }

    private static void assertAllComplete(ClientResult client, int eventsPerStream, ByteArrayOutputStream log) {
        assertEquals(STREAMS, client.launched(), log::toString);
        assertEquals(0, client.failed(), () -> client.failures() + "\n" + log);
        assertEquals(STREAMS, client.completed());
        assertEquals((long) STREAMS * eventsPerStream, client.events());
        assertEquals(STREAMS, client.latency().firstEvent().getTotalCount());
        assertEquals(STREAMS, client.latency().firstUpstreamEvent().getTotalCount());
        assertEquals(STREAMS, client.latency().streamTime().getTotalCount());
        // Six stages of 50 ms: no stream ends sooner than 300 ms after its intended start.
        assertTrue(client.latency().streamTime().getMinValue() >= 300_000);
    }

    private static boolean nodeInstalled() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
