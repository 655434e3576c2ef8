package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sluice behind a real nginx with proxy buffering on (nginx's default), under a path prefix.
 *
 * <p>Measured on Debian's nginx 1.22: a chunked upstream body is passed on chunk by chunk even with
 * buffering on, while a body that ends by closing the connection (what an upstream sends to nginx's
 * default {@code proxy_http_version 1.0}) is held until the end, unless the upstream sends
 * {@code X-Accel-Buffering: no}. So the gateway is checked both ways: with the README's HTTP/1.1
 * location, and with a location left at nginx's defaults, where only its header keeps events flowing.
 * A control server framed like the latter, with and without the header, shows that nginx does buffer
 * here, so a pass is not an accident.
 */
class NginxProxyTest {
    private static final long DELAY_MS = 150;

    private static GatewayServer gateway;
    private static ControlSseServer control;
    private static NginxProxy nginx;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.STAGE_DELAY_MS, Long.toString(DELAY_MS))));
        control = ControlSseServer.start(DELAY_MS);
        nginx = NginxProxy.start(List.of(
                NginxProxy.location("/sluice/", gateway.port()),
                NginxProxy.defaultLocation("/sluice-http10/", gateway.port()),
                NginxProxy.defaultLocation("/control/", control.port())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (control != null) {
            control.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** Sends {@code request} to {@code port} and returns the events with their arrival times. */
    private static List<ReceivedEvent> stream(int port, String request) throws Exception {
        try (SseTestClient client = SseTestClient.connect(port)) {
            client.send(request);
            ResponseHead head = client.readHead();
            assertEquals(200, head.status(), head.toString());
            assertTrue(head.header("content-type").startsWith("text/event-stream"), head.toString());
            return client.readEvents();
        }
    }

    private static List<Long> gapsMs(List<ReceivedEvent> events) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < events.size(); i++) {
            gaps.add(TimeUnit.NANOSECONDS.toMillis(events.get(i).arrivalNanos() - events.get(i - 1).arrivalNanos()));
        }
        return gaps;
    }

    /**
     * One by one means: the events span about the whole schedule and most gaps are about a delay
     * long. A buffered burst fails both; a scheduling hiccup on a busy machine (two late events
     * arriving together) fails neither.
     */
    private static void assertSpread(List<ReceivedEvent> events, String what) {
        assertEquals(7, events.size(), what);
        List<Long> gaps = gapsMs(events);
        long span = gaps.stream().mapToLong(Long::longValue).sum();
        long spaced = gaps.stream().filter(gap -> gap >= DELAY_MS / 2).count();
        assertTrue(span >= 6 * DELAY_MS * 8 / 10 && spaced >= 4, what + ": events should arrive about "
                + DELAY_MS + " ms apart, gaps were " + gaps);
    }

    @Test
    void gatewayEventsPassNginxOneByOne() throws Exception {
        List<ReceivedEvent> events = stream(nginx.port(),
                SseTestClient.get("/sluice/api/chat/stream?message=through%20nginx"));
        assertSpread(events, "gateway through nginx");
        assertEquals("complete", events.get(6).event());
    }

    @Test
    void postStreamsPassNginxOneByOneToo() throws Exception {
        String json = "{\"message\":\"posted through nginx\"}";
        String request = "POST /sluice/api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json;
        assertSpread(stream(nginx.port(), request), "POST through nginx");
    }

    @Test
    void gatewayEventsPassNginxOneByOneOnItsDefaultUpstreamProtocol() throws Exception {
        assertSpread(stream(nginx.port(), SseTestClient.get("/sluice-http10/api/chat/stream?message=http10")),
                "gateway through nginx, HTTP/1.0 upstream");
    }

    @Test
    void controlServerStreamsWhenReachedDirectly() throws Exception {
        assertSpread(stream(control.port(), SseTestClient.get("/plain")), "control server, direct");
    }

    @Test
    void controlServerWithoutTheHeaderIsBufferedByNginx() throws Exception {
        try (SseTestClient client = SseTestClient.connect(nginx.port())) {
            client.send(SseTestClient.get("/control/plain"));
            client.readHead();
            List<ReceivedEvent> events = client.readEvents();
            assertEquals(7, events.size());
            long firstAfterMs = TimeUnit.NANOSECONDS.toMillis(events.get(0).arrivalNanos() - client.sentNanos());
            long burstMs = TimeUnit.NANOSECONDS.toMillis(events.get(6).arrivalNanos() - events.get(0).arrivalNanos());
            assertTrue(firstAfterMs >= 6 * DELAY_MS * 8 / 10, "nginx passed the first event on after "
                    + firstAfterMs + " ms, before the stream ended: it did not buffer (gaps " + gapsMs(events) + ")");
            assertTrue(burstMs < DELAY_MS / 2, "buffered events should arrive in one burst, took " + burstMs + " ms");
        }
    }

    @Test
    void controlServerWithTheHeaderIsNotBufferedByNginx() throws Exception {
        assertSpread(stream(nginx.port(), SseTestClient.get("/control/accel-off")), "control server with the header");
    }

    @Test
    void responseHeadersSurviveTheProxy() throws Exception {
        try (SseTestClient client = SseTestClient.connect(nginx.port())) {
            client.send(SseTestClient.get("/sluice/api/chat/stream?message=headers"));
            ResponseHead head = client.readHead();
            assertEquals("no-cache", head.header("cache-control"));
            // nginx acts on X-Accel-* headers and does not pass them to the client.
            assertNull(head.header("x-accel-buffering"));
            assertEquals(7, client.readEvents().size());
        }
    }

    /** The demo page under nginx's path prefix: only relative URLs keep it working there. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"eventsource", "fetch"})
    void demoPageWorksUnderThePrefix(String mode) throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.driver().get("http://127.0.0.1:" + nginx.port() + "/sluice/");
            DemoPage page = new DemoPage(browser.driver());
            page.send(mode, "behind nginx");
            page.assertCompleted(mode, DELAY_MS / 2);
            browser.screenshot("nginx-demo-" + mode);
        }
    }
}
