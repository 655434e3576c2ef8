package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two thousand clients that each leave at a random point (before the response, mid-event, between
 * events, after the end; half with a clean close, half with a reset) leave no stream open and, under
 * the paranoid leak detector the suite runs with, no buffer unreleased.
 */
class ChurnTest {
    private static final int CLIENTS = 2000;
    private static final int THREADS = 16;
    /** Head, retry hint and seven events of the default plan come to about 1.5 KB. */
    private static final int FULL_STREAM_BYTES = 2000;

    @Test
    void clientsLeavingAtRandomPointsReturnOpenStreamsToZero() throws Exception {
        GatewayServer server = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.STAGE_DELAY_MS, "5")));
        StreamRegistry streams = server.streams();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 42 + t;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = 0; i < CLIENTS / THREADS; i++) {
                        visit(server.port(), random);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
            assertTrue(ClientGoneTest.eventually(streams::openStreams, 0, 3000),
                    () -> streams.openStreams() + " streams still open after every client left");
            long started = streams.startedStreams();
            long completed = streams.endedStreams(StreamOutcome.COMPLETED);
            long gone = streams.endedStreams(StreamOutcome.CLIENT_GONE);
            assertEquals(started, completed + gone, "every started stream ended, completed or gone");
            assertTrue(started > CLIENTS * 3 / 4, started + " streams started: most requests arrived");
            assertTrue(completed > 100 && gone > 100, completed + " completed, " + gone + " gone: both kinds of end");
        } finally {
            pool.shutdownNow();
            server.shutdown(0);
        }
    }

    /** One client: sends a stream request, reads a random number of bytes, then leaves. */
    private static void visit(int port, SplittableRandom random) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(5000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            OutputStream out = socket.getOutputStream();
            out.write(SseTestClient.get("/api/chat/stream?message=churn").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int toRead = random.nextInt(FULL_STREAM_BYTES + 200);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[512];
            StringBuilder seen = new StringBuilder();
            while (seen.length() < toRead && !endsWithLastChunk(seen)) {
                int n = in.read(buffer, 0, Math.min(buffer.length, toRead - seen.length()));
                if (n < 0) {
                    break;
                }
                seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            if (random.nextBoolean()) {
                socket.setSoLinger(true, 0);
            }
        }
    }

    /** The stream is over: the keep-alive connection would otherwise just wait for the next request. */
    private static boolean endsWithLastChunk(CharSequence seen) {
        return seen.length() >= 5 && seen.subSequence(seen.length() - 5, seen.length()).toString().equals("0\r\n\r\n");
    }
}
