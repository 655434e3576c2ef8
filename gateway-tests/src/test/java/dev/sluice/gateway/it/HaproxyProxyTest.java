package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.testing.ReceivedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sluice behind a real HAProxy with the README's config, under its {@code /sluice/} prefix.
 *
 * <p>Measured on Debian's HAProxy 2.6: it forwards a body as it arrives, but without
 * {@code option http-no-delay} it sends with {@code MSG_MORE}, so an event waits in the kernel until
 * the next one joins it and the stream arrives in pairs. The same config without that one option is
 * the control: it must show the pairs, or the one-by-one check could not tell the two apart.
 */
class HaproxyProxyTest {
    private static final long DELAY_MS = 150;

    private static GatewayServer gateway;
    private static HaproxyProxy haproxy;
    private static HaproxyProxy withoutNoDelay;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.STAGE_DELAY_MS, Long.toString(DELAY_MS))));
        haproxy = HaproxyProxy.start(gateway.port());
        withoutNoDelay = HaproxyProxy.withoutNoDelay(gateway.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (withoutNoDelay != null) {
            withoutNoDelay.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** A stream through {@code proxy}: its events, and how long after the request the first one arrived. */
    private record Received(List<ReceivedEvent> events, long firstAfterMs) {
        List<Long> gapsMs() {
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < events.size(); i++) {
                gaps.add(TimeUnit.NANOSECONDS.toMillis(events.get(i).arrivalNanos() - events.get(i - 1).arrivalNanos()));
            }
            return gaps;
        }

        @Override
        public String toString() {
            return "first after " + firstAfterMs + " ms, gaps " + gapsMs();
        }
    }

    private static Received stream(HaproxyProxy proxy, String message) throws Exception {
        try (SseTestClient client = SseTestClient.connect(proxy.port())) {
            client.send(SseTestClient.get("/sluice/api/chat/stream?message=" + message));
            ResponseHead head = client.readHead();
            assertEquals(200, head.status(), head.toString());
            assertTrue(head.header("content-type").startsWith("text/event-stream"), head.toString());
            List<ReceivedEvent> events = client.readEvents();
            assertEquals(7, events.size(), "events through haproxy");
            assertEquals("complete", events.get(6).event());
            long firstAfterMs = TimeUnit.NANOSECONDS.toMillis(events.get(0).arrivalNanos() - client.sentNanos());
            return new Received(events, firstAfterMs);
        }
    }

    /**
     * One by one means: the first event arrives well before the second, and most gaps are at least
     * half a delay. Pairs fail both; a scheduling hiccup on a busy machine (two late events arriving
     * together) fails neither.
     */
    @Test
    void gatewayEventsPassHaproxyOneByOne() throws Exception {
        Received received = stream(haproxy, "through%20haproxy");
        List<Long> gaps = received.gapsMs();
        long spaced = gaps.stream().filter(gap -> gap >= DELAY_MS / 2).count();
        assertTrue(gaps.get(0) >= DELAY_MS / 2,
                "the first event should arrive well before the second: " + received);
        assertTrue(spaced >= 4, "events should arrive about " + DELAY_MS + " ms apart: " + received);
    }

    @Test
    void withoutNoDelayHaproxyDeliversEventsInPairs() throws Exception {
        Received received = stream(withoutNoDelay, "without%20no-delay");
        long together = received.gapsMs().stream().filter(gap -> gap < 20).count();
        assertTrue(received.firstAfterMs() >= DELAY_MS / 2,
                "without http-no-delay the first event should wait for the second: " + received);
        assertTrue(together >= 2, "without http-no-delay events should arrive in pairs: " + received);
    }

    @Test
    void demoPageLoadsThroughThePrefix() throws Exception {
        try (SseTestClient client = SseTestClient.connect(haproxy.port())) {
            client.send(SseTestClient.get("/sluice/"));
            ResponseHead head = client.readHead();
            assertEquals(200, head.status(), head.toString());
            assertTrue(head.header("content-type").startsWith("text/html"), head.toString());
            assertTrue(client.readBody().contains("<html"), "the demo page's HTML");
        }
    }
}
