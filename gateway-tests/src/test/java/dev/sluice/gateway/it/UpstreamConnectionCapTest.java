package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --upstream-max-connections} over real sockets: a real app server on loopback counts the TCP
 * connections the gateway opens to it. Held requests share the capped connections (each gives its
 * connection back once the held answer is read); relayed streams hold theirs, so one beyond the cap
 * waits, and either gets a connection another stream freed or ends with {@code upstream_timeout}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UpstreamConnectionCapTest {
    private static final int CAP = 2;
    private static final int WAIT_MS = 1000;

    private ScriptedUpstream upstream;
    private GatewayServer gateway;
    /** Relayed streams on /long run until the test lets them end. */
    private final CountDownLatch longStreamsEnd = new CountDownLatch(1);
    private final AtomicInteger answering = new AtomicInteger();
    private final AtomicInteger mostAnswering = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        upstream = new ScriptedUpstream();
        // A held answer that takes a moment, so that requests overlap and would each want a connection.
        upstream.on("/hold", exchange -> {
            mostAnswering.accumulateAndGet(answering.incrementAndGet(), Math::max);
            Thread.sleep(20);
            answering.decrementAndGet();
            exchange.respond(200, List.of("Sluice-Hold: stream",
                    "Sluice-Channel: cap-" + exchange.request.header("x-request-id"),
                    "Content-Type: text/event-stream"), "event: queued\ndata: {}\n\n");
        });
        upstream.on("/long", exchange -> {
            exchange.startChunked("text/event-stream");
            exchange.chunk("event: working\ndata: {}\n\n");
            longStreamsEnd.await();
            exchange.chunk("event: result\ndata: {}\n\n");
            exchange.endChunked();
        });
        // One loop: the process-wide cap is that loop's share, so the counts below are exact.
        gateway = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.IO_THREADS, "1",
                ConfigOption.PUBLISH_TOKENS, "cap-test-token",
                ConfigOption.UPSTREAM_MAX_CONNECTIONS, Integer.toString(CAP),
                ConfigOption.UPSTREAM_CONNECT_TIMEOUT_MS, Integer.toString(WAIT_MS),
                ConfigOption.ROUTES, String.join(",",
                        "/hold=" + upstream.url("/hold"),
                        "/long=" + upstream.url("/long")))));
    }

    @AfterEach
    void stop() throws IOException {
        longStreamsEnd.countDown();
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void manyHeldClientsNeverCostTheAppServerMoreThanTheCap() throws Exception {
        int clients = 40;
        List<SseTestClient> held = new ArrayList<>();
        try {
            // All requests at once: without the cap each would get its own connection.
            for (int i = 0; i < clients; i++) {
                SseTestClient client = SseTestClient.connect(gateway.port());
                client.send(SseTestClient.get("/hold"));
                held.add(client);
            }
            for (SseTestClient client : held) {
                assertEquals(200, client.readHead().status());
                assertEquals("stage", client.nextEvent().event());
                assertEquals("queued", client.nextEvent().event(), "every client got its held answer");
            }
            assertEquals(clients, upstream.requests().size());
            assertTrue(upstream.connections() <= CAP, clients + " held clients made the gateway open "
                    + upstream.connections() + " connections to the app server; cap " + CAP);
            assertTrue(mostAnswering.get() <= CAP, "requests in flight at once: " + mostAnswering.get());
            assertTrue(upstream.openConnections() <= CAP);
        } finally {
            for (SseTestClient client : held) {
                client.close();
            }
        }
    }

    @Test
    void aRelayedStreamBeyondTheCapWaitsThenTimesOut() throws Exception {
        try (SseTestClient first = relayed(); SseTestClient second = relayed();
                SseTestClient third = SseTestClient.connect(gateway.port())) {
            long sent = System.nanoTime();
            third.send(SseTestClient.get("/long"));
            assertEquals(200, third.readHead().status());
            assertEquals("stage", third.nextEvent().event(), "accepted at once, while waiting");
            ReceivedEvent error = third.nextEvent();
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            assertEquals("error", error.event());
            assertEquals("upstream_timeout", error.json().get("code"));
            assertTrue(((String) error.json().get("message")).contains("connection limit"), error.data());
            assertTrue(waitedMs >= WAIT_MS, "failed after " + waitedMs + " ms, before the wait ran out");
            assertNull(third.nextEvent(), "then the response ends cleanly");
            assertEquals(CAP, upstream.requests().size(), "the app server never saw the third request");
            assertEquals(CAP, upstream.connections());
        }
    }

    @Test
    void aRelayedStreamBeyondTheCapProceedsWhenAConnectionFrees() throws Exception {
        try (SseTestClient first = relayed(); SseTestClient second = relayed();
                SseTestClient third = SseTestClient.connect(gateway.port())) {
            third.send(SseTestClient.get("/long"));
            assertEquals(200, third.readHead().status());
            assertEquals("stage", third.nextEvent().event());
            assertTrue(third.staysQuietFor(200), "the third waits for a connection");
            assertEquals(CAP, upstream.requests().size());
            // The first two streams end: their connections go back to the pool and the third gets one.
            longStreamsEnd.countDown();
            for (SseTestClient done : List.of(first, second)) {
                assertEquals("result", done.nextEvent().event());
            }
            assertEquals("working", third.nextEvent().event());
            assertEquals("result", third.nextEvent().event());
            assertEquals(CAP + 1, upstream.requests().size());
            assertEquals(CAP, upstream.connections(), "the third reused a freed connection");
        }
    }

    /** A relayed stream that has its upstream connection: past {@code accepted} and the first event. */
    private SseTestClient relayed() throws IOException {
        SseTestClient client = SseTestClient.connect(gateway.port());
        client.send(SseTestClient.get("/long"));
        assertEquals(200, client.readHead().status());
        assertEquals("stage", client.nextEvent().event());
        assertEquals("working", client.nextEvent().event());
        return client;
    }
}
