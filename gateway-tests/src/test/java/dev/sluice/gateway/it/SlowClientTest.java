package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that never reads, against a plan of several megabytes sent as fast as possible: the
 * gateway stops writing to it at the high water mark, closes it once it has stayed unwritable past
 * the slow-client timeout, and meanwhile serves a normal client the whole stream on time.
 */
class SlowClientTest {
    private static final long SLOW_CLIENT_TIMEOUT_MS = 4000;
    /** 600 events of 8 KiB: about 5 MB, more than loopback socket buffers hold for a client that does not read. */
    private static final int STAGES = 600;
    private static final int LABEL_CHARS = 8192;

    private static GatewayServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = FloodingGateway.start(STAGES, LABEL_CHARS, SLOW_CLIENT_TIMEOUT_MS);
    }

    @AfterAll
    static void stop() {
        server.shutdown(0);
    }

    @Test
    void clientThatNeverReadsIsClosedAfterTheTimeoutWhileANormalStreamCompletes() throws Exception {
        StreamRegistry streams = server.streams();
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(2048);
            stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
            stalled.getOutputStream().write(SseTestClient.get("/api/chat/stream?message=not+reading")
                    .getBytes(StandardCharsets.US_ASCII));
            long stalledSent = System.nanoTime();
            assertTrue(ClientGoneTest.eventually(streams::openStreams, 1, 2000));

            long normalStart = System.nanoTime();
            try (SseTestClient normal = SseTestClient.connect(server.port())) {
                normal.send(SseTestClient.get("/api/chat/stream?message=reading"));
                assertEquals(200, normal.readHead().status());
                List<ReceivedEvent> events = normal.readEvents();
                assertEquals(STAGES + 1, events.size());
                assertEquals("complete", events.get(STAGES).event());
            }
            long normalMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - normalStart);
            assertTrue(normalMs < SLOW_CLIENT_TIMEOUT_MS,
                    "the normal stream took " + normalMs + " ms next to a stalled client");
            // The normal stream's end is counted on its event loop just after its last chunk is flushed,
            // which the client can read first: wait for the count instead of racing it.
            assertTrue(ClientGoneTest.eventually(streams::openStreams, 1, 2000), () -> "open " + streams.openStreams());
            assertEquals(1, streams.openStreams(), () -> "the stalled client is still held, paused, not dropped early;"
                    + " completed " + streams.endedStreams(StreamOutcome.COMPLETED)
                    + ", gone " + streams.endedStreams(StreamOutcome.CLIENT_GONE));
            assertEquals(0, streams.endedStreams(StreamOutcome.SLOW_CLIENT));

            assertTrue(ClientGoneTest.eventually(() -> streams.endedStreams(StreamOutcome.SLOW_CLIENT), 1, 5000),
                    "the stalled client is dropped as slow");
            long droppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalledSent);
            assertTrue(droppedMs >= SLOW_CLIENT_TIMEOUT_MS, "dropped after " + droppedMs + " ms");
            assertEquals(0, streams.openStreams());
            assertEquals(1, streams.endedStreams(StreamOutcome.COMPLETED));
            assertTrue(readsToTheEnd(stalled), "the gateway closed the stalled connection");
        }
    }

    /** Reads what the socket still holds; true once it reports end of stream or a reset. */
    private static boolean readsToTheEnd(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        try {
            int n;
            do {
                n = in.read(buffer);
            } while (n >= 0);
            return true;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }
}
