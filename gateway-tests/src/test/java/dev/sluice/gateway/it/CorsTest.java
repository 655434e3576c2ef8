package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.testing.JsonDocument;
import dev.sluice.gateway.testing.StageStreamAssertions;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SPEC section 11's CORS rules over a real socket: an allowed origin gets its own origin back with
 * {@code vary: origin}, a preflight gets {@code 204} with what the browser asked about, a refused
 * origin gets {@code 403} JSON and costs nothing (no stream started, connection kept), and the
 * gateway's own origin is always allowed.
 */
class CorsTest {
    private static final String ALLOWED = "https://app.example.com";

    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension(
            Map.of(ConfigOption.CORS_ORIGINS, ALLOWED + ", http://localhost:3000"));

    private static String getStream(String origin) {
        return "GET /api/chat/stream?message=cors HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + origin + "\r\n\r\n";
    }

    private static String postStream(String origin) {
        String json = "{\"message\":\"cors\"}";
        return "POST /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + origin
                + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json;
    }

    @Test
    void anAllowedOriginGetsTheWholeStreamWithItsOriginAndVary() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send(getStream("HTTPS://App.Example.com:443"));
            ResponseHead head = client.readHead();
            StreamResponseTest.assertStreamHead(head, "keep-alive");
            assertEquals("HTTPS://App.Example.com:443", head.header("access-control-allow-origin"),
                    "the origin itself, as the browser sent it");
            assertEquals("origin", head.header("vary").toLowerCase());
            StageStreamAssertions.assertDefaultStream(client.readEvents(), GatewayExtension.STAGE_DELAY_MS);

            // The next request on the same connection, without Origin, carries no CORS headers.
            client.send(SseTestClient.get("/healthz"));
            ResponseHead health = client.readHead();
            client.readBody();
            assertEquals(200, health.status());
            assertNull(health.header("access-control-allow-origin"));
        }
    }

    @Test
    void aRefusedOriginGets403JsonStartsNothingAndKeepsTheConnection() throws IOException {
        long started = gateway.server().streams().startedStreams();
        long rejected = gateway.server().streams().endedStreams(dev.sluice.gateway.stream.StreamOutcome.REJECTED);
        try (SseTestClient client = gateway.connect()) {
            for (String request : new String[] {getStream("https://evil.example"), postStream("https://evil.example"),
                    getStream("null"), getStream("http://app.example.com")}) {
                client.send(request);
                ResponseHead head = client.readHead();
                String body = client.readBody();
                assertEquals(403, head.status(), () -> head.statusLine() + " " + body);
                assertEquals("application/json", head.header("content-type"));
                assertEquals("origin_not_allowed", JsonDocument.parseObject(body).get("error"));
                assertNull(head.header("access-control-allow-origin"));
            }
            client.send(SseTestClient.get("/healthz"));
            ResponseHead health = client.readHead();
            client.readBody();
            assertEquals(200, health.status(), "the connection still serves");
        }
        assertEquals(started, gateway.server().streams().startedStreams(), "no stream was started");
        assertEquals(rejected,
                gateway.server().streams().endedStreams(dev.sluice.gateway.stream.StreamOutcome.REJECTED));
    }

    @Test
    void aPreflightFromAnAllowedOriginIs204WithMethodsHeadersAndMaxAge() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send("OPTIONS /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:3000\r\n"
                    + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n");
            ResponseHead head = client.readHead();
            assertEquals(204, head.status(), head.statusLine());
            assertEquals("http://localhost:3000", head.header("access-control-allow-origin"));
            assertEquals("origin", head.header("vary").toLowerCase());
            assertEquals("GET, POST", head.header("access-control-allow-methods"));
            assertEquals("content-type, last-event-id, authorization", head.header("access-control-allow-headers"));
            assertEquals("600", head.header("access-control-max-age"));

            // The POST the browser then sends streams, on the same connection.
            client.send(postStream("http://localhost:3000"));
            ResponseHead stream = client.readHead();
            StreamResponseTest.assertStreamHead(stream, "keep-alive");
            assertEquals("http://localhost:3000", stream.header("access-control-allow-origin"));
            StageStreamAssertions.assertDefaultStream(client.readEvents(), GatewayExtension.STAGE_DELAY_MS);
        }
    }

    @Test
    void aPreflightFromARefusedOriginIs403() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send("OPTIONS /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
                    + "Access-Control-Request-Method: POST\r\n\r\n");
            ResponseHead head = client.readHead();
            String body = client.readBody();
            assertEquals(403, head.status());
            assertNull(head.header("access-control-allow-methods"));
            assertEquals("origin_not_allowed", JsonDocument.parseObject(body).get("error"));
        }
    }

    @Test
    void theGatewaysOwnOriginIsAlwaysAllowed() throws IOException {
        String own = "127.0.0.1:" + gateway.port();
        try (SseTestClient client = gateway.connect()) {
            String json = "{\"message\":\"demo page\"}";
            client.send("POST /api/chat/stream HTTP/1.1\r\nHost: " + own + "\r\nOrigin: http://" + own
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length() + "\r\n\r\n" + json);
            ResponseHead head = client.readHead();
            StreamResponseTest.assertStreamHead(head, "keep-alive");
            StageStreamAssertions.assertDefaultStream(client.readEvents(), GatewayExtension.STAGE_DELAY_MS);

            // The same page origin against another Host is somebody else's page.
            client.send("GET /healthz HTTP/1.1\r\nHost: other.example\r\nOrigin: http://" + own + "\r\n\r\n");
            assertEquals(403, client.readHead().status());
            client.readBody();
        }
    }

    @Test
    void plainOptionsWithoutOriginIs204WithAllow() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send("OPTIONS /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            ResponseHead head = client.readHead();
            assertEquals(204, head.status());
            assertEquals("GET, OPTIONS", head.header("allow"));
            assertNull(head.header("access-control-allow-origin"));
        }
    }
}
