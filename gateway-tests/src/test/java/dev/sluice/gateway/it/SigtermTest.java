package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.testing.ReceivedEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.sluice.gateway.testing.StageStreamAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a real process: SIGTERM ({@link Process#destroy()} on Linux) during open
 * streams gives every client a {@code retry:} hint and a final {@code error} event with code
 * {@code shutdown}, and the process exits with status 0.
 */
class SigtermTest {
    private static final long DRAIN_MS = 300;
    private static final int CLIENTS = 3;

    @TempDir
    Path dir;
    private GatewayProcess gateway;

    @AfterEach
    void killIfLeft() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void sigtermDuringOpenStreamsEndsEachWithAShutdownEventAndExitsZero() throws Exception {
        gateway = GatewayProcess.start(dir, "gateway", "--port", "0",
                "--stages", "hold:50:60000,done:100:0",
                "--drain-timeout-ms", Long.toString(DRAIN_MS));
        int port = gateway.port();

        List<SseTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                SseTestClient client = SseTestClient.connect(port);
                clients.add(client);
                client.send(SseTestClient.get("/api/chat/stream?message=deploy+" + i));
                assertEquals(200, client.readHead().status());
                assertEquals("1", StageStreamAssertions.seqOf(client.nextEvent().id()));
            }

            long signalled = System.nanoTime();
            gateway.terminate();

            for (SseTestClient client : clients) {
                List<ReceivedEvent> rest = client.readEvents();
                assertEquals(1, rest.size(), rest::toString);
                assertEquals("error", rest.get(0).event());
                assertEquals("shutdown", rest.get(0).json().get("code"));
                long atMs = TimeUnit.NANOSECONDS.toMillis(rest.get(0).arrivalNanos() - signalled);
                assertTrue(atMs >= DRAIN_MS, "final event " + atMs + " ms after SIGTERM, before the drain deadline");
                List<Long> retries = client.parser().retries();
                assertEquals(2, retries.size(), "the stream's first retry hint, then the shutdown one");
                assertTrue(retries.get(1) >= 2000 && retries.get(1) <= 4000, "retry " + retries.get(1));
            }
            assertEquals(0, gateway.awaitExit(10), () -> "exit status after draining; output:\n" + gateway.output());
            assertTrue(gateway.output().contains(CLIENTS + " ended with a final event"), gateway::output);
        } finally {
            for (SseTestClient client : clients) {
                client.close();
            }
        }
    }
}
