package dev.sluice.peer.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The peer contract against the node-seed peer ({@code ../node-seed/server.js}) run as a {@code node} process,
 * exactly as the bench starts it. Skipped only where no {@code node} is installed.
 */
class NodeSeedPeerTest extends PeerContractTest {

    @Override
    NodeSeedProcess start(long stageDelayMs, int stages) throws Exception {
        return NodeSeedProcess.start("--stage-delay-ms", Long.toString(stageDelayMs), "--stages", Integer.toString(stages));
    }

    /**
     * On SIGTERM the peer stops accepting and exits once nothing is pending: while a client holds a stream it
     * stays up, and once the client leaves it must exit at once, which it cannot while the stream's timer
     * (a {@code LONG_DELAY_MS} stage delay) is still pending.
     */
    @Test
    void clientLeavingStopsTheStreamTimer() throws Exception {
        try (NodeSeedProcess peer = start(LONG_DELAY_MS, 6)) {
            leaveAfterFirstEvent(peer.port(), () -> {
                peer.process().destroy();
                assertFalse(peer.process().waitFor(300, TimeUnit.MILLISECONDS), "exited with a stream still open");
            });
            assertTrue(peer.process().waitFor(2, TimeUnit.SECONDS), "a timer outlived its client");
            assertEquals(0, peer.process().exitValue());
        }
    }
}
