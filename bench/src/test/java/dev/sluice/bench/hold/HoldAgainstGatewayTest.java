package dev.sluice.bench.hold;

import dev.sluice.bench.fanout.NodeInstalledForTests;
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
 * A small sidecar hold run end to end: the real gateway jar in front of the real node-seed app server, both
 * started by the bench, in relay mode (one app-server connection per client) and in hold mode (the app
 * answers at once and publishes to Sluice's channels: its connections stay a handful).
 */
class HoldAgainstGatewayTest {

    private static final int STREAMS = 100;
    /** Sluice's --upstream-max-connections in the hold run. */
    private static final int HOLD_CAP = 4;

    private static HoldResult run(Path work, HoldMode mode, ByteArrayOutputStream log) throws Exception {
        NodeInstalledForTests.assumeOrFailUnderCi();
        Path root = Path.of("").toAbsolutePath().getParent();
        // 100 streams arriving over 2 s, six stages of 400 ms: in relay every stream holds its upstream
        // connection for 2.4 s, so nearly all are open at once; in hold an upstream request lasts only until
        // its immediate answer, so only the few in flight at one moment need a connection (the arrivals are
        // spread out so that a cold gateway on a loaded machine does not turn them into one burst).
        HoldSettings settings = new HoldSettings(STREAMS, 50, 6, 400, 15_000, 1, 4, "test-token", List.of(),
                HOLD_CAP);
        return new HoldRun(new PrintStream(log, true)).run(settings, mode,
                new TargetSpec(TargetKind.SLUICE, root, List.of("-Xmx256m"), null, work),
                new TargetSpec(TargetKind.NODE_SEED, root, List.of(), null, work), 1);
    }

    private static void assertAllComplete(HoldResult result, ByteArrayOutputStream log) {
        assertEquals(STREAMS, result.launched(), log::toString);
        assertEquals(0, result.failed(), () -> result.failureDetails() + "\n" + log);
        assertEquals(STREAMS, result.completed());
        assertEquals(STREAMS, result.firstAppEvent().getTotalCount());
        assertEquals(STREAMS, result.streamTime().getTotalCount());
        // Six stages of 400 ms: no stream can end sooner than 2.4 s after its intended start.
        assertTrue(result.streamTime().getMinValue() >= 2_400_000, "stream time " + result.streamTime().getMinValue());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void relayHoldsOneAppServerConnectionPerClient(@TempDir Path work) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        HoldResult relay = run(work, HoldMode.RELAY, log);
        assertAllComplete(relay, log);
        assertTrue(relay.appPeakConnections() >= STREAMS / 2, "relay peak " + relay.appPeakConnections());
        assertTrue(relay.sluicePeakConnections() >= STREAMS / 2, "sluice peak " + relay.sluicePeakConnections());
        assertTrue(relay.appCpuSeconds() >= 0 && relay.sluiceCpuSeconds() > 0);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void holdReleasesTheAppServersConnectionsWhileClientsWait(@TempDir Path work) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        HoldResult hold = run(work, HoldMode.HOLD, log);
        assertAllComplete(hold, log);
        // Every hold answer is immediate and the hold run caps Sluice's upstream connections, so the app
        // server never sees more than the cap, however the arrivals bunch up.
        // (The cap is split across Sluice's event loops, one per core here: with more cores than the cap,
        // each loop still gets one.)
        int most = Math.max(HOLD_CAP, Runtime.getRuntime().availableProcessors());
        assertTrue(hold.appPeakConnections() <= most, "hold peak " + hold.appPeakConnections() + ", cap " + most);
        assertTrue(hold.sluicePeakConnections() >= STREAMS / 2, "sluice peak " + hold.sluicePeakConnections());
    }
}
