package dev.sluice.peer.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;

/** The peer contract against the reactor-netty peer, started in this JVM on a free port. */
class ReactorNettyPeerTest extends PeerContractTest {

    private record InProcessPeer(DisposableServer server, ChatStreamRoutes routes) implements RunningPeer {
        @Override
        public int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Override
    InProcessPeer start(long stageDelayMs, int stages) {
        ChatStreamRoutes routes = new ChatStreamRoutes(stages, Duration.ofMillis(stageDelayMs));
        PeerOptions options = new PeerOptions("127.0.0.1", 0, Duration.ofMillis(stageDelayMs), stages);
        return new InProcessPeer(ReactorNettyPeer.start(options, routes), routes);
    }

    @Test
    void clientLeavingCancelsTheStreamAndItsTimer() throws Exception {
        try (InProcessPeer peer = start(LONG_DELAY_MS, 6)) {
            leaveAfterFirstEvent(peer.port(), () -> assertEquals(1, peer.routes().openStreams()));
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (peer.routes().openStreams() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, peer.routes().openStreams(), "stream still subscribed after its client left");
        }
    }
}
