package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.testing.ReceivedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart with {@code --reuse-port} as docs/SCALING.md describes it, on real processes: while
 * clients keep opening streams that last over a second and short requests on new connections, a new
 * gateway starts on the same port, becomes ready, and the old one gets SIGTERM. No connection is
 * refused or reset, every request is answered, and every stream ends with its {@code complete} event
 * (the old process's drain deadline is longer than a stream, so none needs the shutdown event).
 */
class ReusePortRestartTest {
    private static final String PLAN = "start:10:0,middle:50:600,done:100:600";
    private static final int STREAM_CLIENTS = 12;
    private static final int SHORT_CLIENTS = 4;
    private static final int KEEP_ALIVE_CLIENTS = 6;

    @TempDir
    Path dir;

    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger crossedSignal = new AtomicInteger();
    private final AtomicInteger shortAnswered = new AtomicInteger();
    private final AtomicInteger reconnectedAfterIdleClose = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong signalledAt = new AtomicLong(Long.MAX_VALUE);

    @Test
    void restartBesideTheOldProcessRefusesNothingAndCutsNoStream() throws Exception {
        requireMigratingListeners();
        int port = GatewayProcess.freePort();
        String[] flags = {"--port", Integer.toString(port), "--reuse-port", "true", "--stages", PLAN,
            "--drain-timeout-ms", "5000", "--access-log", "false"};
        List<Thread> clients = new ArrayList<>();
        try (GatewayProcess old = GatewayProcess.start(dir, "old", flags)) {
            old.awaitReady();
            for (int i = 0; i < STREAM_CLIENTS; i++) {
                clients.add(started(new Thread(() -> streamLoop(port), "stream-client-" + i)));
            }
            for (int i = 0; i < KEEP_ALIVE_CLIENTS; i++) {
                clients.add(started(new Thread(() -> keepAliveLoop(port), "keep-alive-client-" + i)));
            }
            for (int i = 0; i < SHORT_CLIENTS; i++) {
                clients.add(started(new Thread(() -> shortLoop(port), "short-client-" + i)));
            }
            Thread.sleep(1000);
            try (GatewayProcess fresh = GatewayProcess.start(dir, "new", flags)) {
                fresh.awaitReady();
                signalledAt.set(System.nanoTime());
                old.terminate();
                assertEquals(0, old.awaitExit(20), old::output);
                Thread.sleep(1500);
                running.set(false);
                for (Thread client : clients) {
                    client.join(10_000);
                }
                assertEquals(Map.of(), snapshot(failures), "every connection accepted and every stream whole");
                assertTrue(crossedSignal.get() >= STREAM_CLIENTS / 2,
                        "streams open at SIGTERM ran to complete on the old process: " + crossedSignal.get());
                assertTrue(shortAnswered.get() > 100, "short requests answered: " + shortAnswered.get());
                assertTrue(reconnectedAfterIdleClose.get() >= 1,
                        "keep-alive clients were closed while idle and reconnected: " + reconnectedAfterIdleClose.get());
                String metrics = fresh.adminGet("/metrics").body();
                double startedOnNew = PrometheusText.parse(metrics).sample("sluice_streams_started_total");
                assertTrue(startedOnNew > STREAM_CLIENTS, "the new process took over: " + startedOnNew);
            }
        } finally {
            running.set(false);
        }
    }

    /**
     * Without {@code net.ipv4.tcp_migrate_req=1} the kernel resets a handshake that is in flight to the
     * old socket when it closes (docs/SCALING.md measures it): a developer machine without the setting
     * skips loudly, CI (whose {@code .ci/run} sets it) fails.
     */
    private static void requireMigratingListeners() throws IOException {
        Path setting = Path.of("/proc/sys/net/ipv4/tcp_migrate_req");
        String value = Files.isReadable(setting) ? Files.readString(setting).strip() : "missing";
        if (value.equals("1")) {
            return;
        }
        String message = "net.ipv4.tcp_migrate_req is " + value + ", a zero-drop restart needs 1:"
                + " sysctl -w net.ipv4.tcp_migrate_req=1 (Linux 5.14+)";
        MissingPrerequisite.skipOrFail(message);
    }

    private void streamLoop(int port) {
        int n = 0;
        while (running.get()) {
            long start = System.nanoTime();
            try (SseTestClient client = SseTestClient.connect(port)) {
                client.send(SseTestClient.get("/api/chat/stream?message=restart+" + n++));
                int status = client.readHead().status();
                if (status != 200) {
                    fail("status " + status);
                    continue;
                }
                List<ReceivedEvent> events = client.readEvents();
                ReceivedEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
                if (events.size() != 4 || !"complete".equals(last.event())) {
                    fail("cut stream: " + events.size() + " events, last " + (last == null ? "none" : last.event()));
                } else {
                    completed.incrementAndGet();
                    if (start < signalledAt.get() && System.nanoTime() > signalledAt.get()) {
                        crossedSignal.incrementAndGet();
                    }
                }
            } catch (ConnectException e) {
                fail("refused");
            } catch (IOException e) {
                fail("stream " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Streams one after another on one keep-alive connection, as a browser's EventSource reconnects do.
     * When the server closed the idle connection (the old process handing over), the client opens a
     * new one and sends the request again, as HTTP clients do (RFC 9112 section 9.6); a 503 or a
     * connection closed after the request was answered would be a failure.
     */
    private void keepAliveLoop(int port) {
        SseTestClient client = null;
        boolean reused = false;
        int n = 0;
        try {
            while (running.get()) {
                if (client == null) {
                    client = SseTestClient.connect(port);
                    reused = false;
                }
                ResponseHead head;
                try {
                    client.send(SseTestClient.get("/api/chat/stream?message=keep-alive+" + n++));
                    head = client.readHead();
                } catch (IOException closedWhileIdle) {
                    if (!reused) {
                        throw closedWhileIdle;
                    }
                    client.close();
                    client = null;
                    reconnectedAfterIdleClose.incrementAndGet();
                    continue;
                }
                reused = true;
                if (head.status() != 200) {
                    fail("keep-alive status " + head.status());
                    client.close();
                    client = null;
                    continue;
                }
                List<ReceivedEvent> events = client.readEvents();
                if (events.size() != 4 || !"complete".equals(events.get(events.size() - 1).event())) {
                    fail("keep-alive cut stream: " + events.size() + " events");
                } else {
                    completed.incrementAndGet();
                }
            }
        } catch (IOException e) {
            fail("keep-alive " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (client != null) {
                try {
                    client.close();
                } catch (IOException ignored) {
                    // closing a test client
                }
            }
        }
    }

    /** New connections as fast as a client would open them, each answered 404 (a route-less path). */
    private void shortLoop(int port) {
        while (running.get()) {
            try (Socket socket = new Socket()) {
                socket.setSoTimeout(5000);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.getOutputStream().write("GET /no-such-page HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                if (answer.startsWith("HTTP/1.1 404")) {
                    shortAnswered.incrementAndGet();
                } else {
                    fail("short: " + (answer.isEmpty() ? "no answer" : answer.lines().findFirst().orElse("")));
                }
            } catch (ConnectException e) {
                fail("refused");
            } catch (IOException e) {
                fail("short " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    private static Thread started(Thread thread) {
        thread.start();
        return thread;
    }

    private void fail(String reason) {
        failures.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
    }

    private static Map<String, Integer> snapshot(Map<String, AtomicInteger> counts) {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
