package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.testing.JsonDocument;
import dev.sluice.gateway.testing.StageStreamAssertions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every refused request of SPEC section 2 over a real socket: the status, the JSON error body, and
 * whether the connection survives (well-formed requests) or is closed (malformed or partly read).
 */
class BadRequestTest {
    @RegisterExtension
    static final GatewayExtension gateway = new GatewayExtension();

    private static void assertError(SseTestClient client, int status, String code) throws IOException {
        ResponseHead head = client.readHead();
        String body = client.readBody();
        assertEquals(status, head.status(), () -> head.statusLine() + " " + body);
        assertEquals("application/json", head.header("content-type"));
        Map<String, Object> json = JsonDocument.parseObject(body);
        assertEquals(code, json.get("error"), body);
        assertFalse(((String) json.get("message")).isBlank());
    }

    /** After a keep-alive error the connection must still carry a healthy request. */
    private static void assertStillServes(SseTestClient client) throws IOException {
        client.send(SseTestClient.get("/healthz"));
        ResponseHead head = client.readHead();
        client.readBody();
        assertEquals(200, head.status(), "the connection still serves");
    }

    private static void assertErrorThenClosed(SseTestClient client, int status, String code) throws IOException {
        ResponseHead head = client.readHead();
        String body = client.readBody();
        assertEquals(status, head.status(), () -> head.statusLine() + " " + body);
        assertEquals("close", head.header("connection"));
        assertEquals(code, JsonDocument.parseObject(body).get("error"));
        assertTrue(client.awaitServerClose(), "the server closes the connection");
    }

    @Test
    void badJsonIs400AndKeepsTheConnection() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.postJson("{\"message\": \"unterminated"));
            assertError(client, 400, "bad_json");
            assertStillServes(client);
        }
    }

    @Test
    void missingMessageAndInvalidUtf8Are400() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.postJson("{\"text\":\"no message field\"}"));
            assertError(client, 400, "missing_message");

            byte[] body = {'{', '"', 'm', 'e', 's', 's', 'a', 'g', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
            String head = "POST /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            byte[] request = new byte[head.length() + body.length];
            System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
            System.arraycopy(body, 0, request, head.length(), body.length);
            client.sendBytes(request);
            assertError(client, 400, "bad_json");
            assertStillServes(client);
        }
    }

    @Test
    void unknownPathIs404AndTheSameConnectionThenServesAStream() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.get("/no/such/path"));
            assertError(client, 404, "not_found");

            client.send(SseTestClient.get("/api/chat/stream?message=after%20a%20404"));
            StreamResponseTest.assertStreamHead(client.readHead(), "keep-alive");
            StageStreamAssertions.assertDefaultStream(client.readEvents(), GatewayExtension.STAGE_DELAY_MS);
        }
    }

    @Test
    void wrongMethodIs405WithAllow() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send("PUT /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
            ResponseHead head = client.readHead();
            String body = client.readBody();
            assertEquals(405, head.status());
            assertEquals("GET, OPTIONS, POST", head.header("allow"));
            assertEquals("method_not_allowed", JsonDocument.parseObject(body).get("error"));
            assertStillServes(client);
        }
    }

    @Test
    void wrongContentTypeIs415() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send("POST /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 5\r\n\r\nhello");
            assertError(client, 415, "unsupported_media_type");
            assertStillServes(client);
        }
    }

    @Test
    void bodyOverTheLimitIs413AndCloses() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send("POST /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000000\r\n\r\n");
            assertErrorThenClosed(client, 413, "body_too_large");
        }
    }

    @Test
    void headersOverTheLimitAre431AndClose() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "p".repeat(9000) + "\r\n\r\n");
            assertErrorThenClosed(client, 431, "headers_too_large");
        }
    }

    @Test
    void requestLineOverTheLimitIs414AndCloses() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send(SseTestClient.get("/api/chat/stream?message=" + "m".repeat(5000)));
            assertErrorThenClosed(client, 414, "request_line_too_long");
        }
    }

    @Test
    void malformedRequestIs400AndCloses() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: twelve\r\n\r\n");
            assertErrorThenClosed(client, 400, "bad_request");
        }
    }

    @Test
    void contentLengthWithTransferEncodingIs400AndCloses() throws IOException {
        try (SseTestClient client = gateway.connect()) {
            client.send("POST /api/chat/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "13\r\n{\"message\":\"hello\"}\r\n0\r\n\r\n");
            assertErrorThenClosed(client, 400, "bad_request");
        }
    }
}
