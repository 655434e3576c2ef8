package dev.sluice.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.testing.JsonDocument;
import dev.sluice.gateway.testing.StageStreamAssertions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each hostile request form over a real socket gets its defined answer (status, error code, and
 * whether the connection is closed), while a normal stream opened on another connection just before
 * it runs to its end on time, unharmed.
 */
class HostileInputTest {
    private static final long DELAY_MS = 60;
    private static final long REQUEST_TIMEOUT_MS = 700;
    private static final String HOST = "Host: 127.0.0.1\r\n";
    private static GatewayServer server;

    @BeforeAll
    static void start() throws InterruptedException {
        server = GatewayServer.start(GatewayConfig.of(Map.of(
                ConfigOption.PORT, "0",
                ConfigOption.HOST, "127.0.0.1",
                ConfigOption.STAGE_DELAY_MS, Long.toString(DELAY_MS),
                ConfigOption.REQUEST_TIMEOUT_MS, Long.toString(REQUEST_TIMEOUT_MS),
                ConfigOption.MAX_BODY_BYTES, "1024",
                ConfigOption.MAX_MESSAGE_CHARS, "200",
                ConfigOption.ACCESS_LOG, "false")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SseTestClient connect() throws IOException {
        return SseTestClient.connect(server.port());
    }

    /** A normal stream, started before the hostile request and checked after it. */
    private static SseTestClient startBystander() throws IOException {
        SseTestClient bystander = connect();
        bystander.send(SseTestClient.postJson("{\"message\":\"just a normal stream\"}"));
        assertEquals(200, bystander.readHead().status());
        return bystander;
    }

    private static void assertBystanderCompletes(SseTestClient bystander) throws IOException {
        try (bystander) {
            StageStreamAssertions.assertDefaultStream(bystander.readEvents(), DELAY_MS);
        }
    }

    private static String errorCode(String body) {
        return (String) JsonDocument.parseObject(body).get("error");
    }

    static Stream<Arguments> malformed() {
        String longTarget = "/api/chat/stream?message=" + "a".repeat(5000);
        return Stream.of(
                Arguments.of("Content-Length with Transfer-Encoding",
                        "POST /api/chat/stream HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, "bad_request"),
                Arguments.of("two different Content-Length",
                        "POST /api/chat/stream HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                                + "Content-Length: 2\r\nContent-Length: 20\r\n\r\n{}", 400, "bad_request"),
                Arguments.of("obs-fold continuation line",
                        "GET /healthz HTTP/1.1\r\n" + HOST + "X-Folded: a\r\n b\r\n\r\n", 400, "bad_request"),
                Arguments.of("bare LF line endings",
                        "GET /healthz HTTP/1.1\n" + "Host: 127.0.0.1\n\n", 400, "bad_request"),
                Arguments.of("bare CR in the request line",
                        "GET /healthz\r HTTP/1.1\r\n" + HOST + "\r\n", 400, "bad_request"),
                Arguments.of("bad chunk size",
                        "POST /api/chat/stream HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400, "bad_request"),
                Arguments.of("raw non-ASCII bytes in the target",
                        "GET /api/chat/stream?message=caf\u00e9 HTTP/1.1\r\n" + HOST + "\r\n", 400, "bad_request"),
                Arguments.of("request line over the limit",
                        "GET " + longTarget + " HTTP/1.1\r\n" + HOST + "\r\n", 414, "request_line_too_long"),
                Arguments.of("headers over the limit",
                        "GET /healthz HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(9000) + "\r\n\r\n", 431,
                        "headers_too_large"),
                Arguments.of("Expect: 100-continue with a body over the limit",
                        "POST /api/chat/stream HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                                + "Content-Length: 5000\r\nExpect: 100-continue\r\n\r\n", 413, "body_too_large"),
                Arguments.of("an expectation other than 100-continue",
                        "POST /api/chat/stream HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                                + "Content-Length: 2\r\nExpect: teapot\r\n\r\n", 417, "expectation_failed"),
                Arguments.of("HTTP/1.1 without Host",
                        "GET /healthz HTTP/1.1\r\n\r\n", 400, "bad_host"),
                Arguments.of("Host sent twice",
                        "GET /healthz HTTP/1.1\r\n" + HOST + HOST + "\r\n", 400, "bad_host"),
                Arguments.of("Host that is not host[:port]",
                        "GET /healthz HTTP/1.1\r\nHost: evil.example/path\r\n\r\n", 400, "bad_host"),
                Arguments.of("Host with a port that is not a number",
                        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:80x\r\n\r\n", 400, "bad_host"),
                Arguments.of("lower-case version token",
                        "GET /healthz http/1.1\r\n" + HOST + "\r\n", 400, "bad_request"),
                Arguments.of("malformed version",
                        "GET /healthz HTTP/1.1.1\r\n" + HOST + "\r\n", 400, "bad_request"),
                Arguments.of("HTTP/1.2",
                        "GET /healthz HTTP/1.2\r\n" + HOST + "\r\n", 505, "http_version_not_supported"),
                Arguments.of("HTTP/3.0",
                        "GET /healthz HTTP/3.0\r\n" + HOST + "\r\n", 505, "http_version_not_supported"),
                Arguments.of("HTTP/2 connection preface, then a SETTINGS frame",
                        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u0000\u0000",
                        505, "http_version_not_supported"),
                Arguments.of("a target that is neither a path nor an absolute URI",
                        "GET healthz HTTP/1.1\r\n" + HOST + "\r\n", 400, "bad_request"),
                Arguments.of("an absolute-form target of another scheme",
                        "GET ftp://127.0.0.1/healthz HTTP/1.1\r\n" + HOST + "\r\n", 400, "bad_request"),
                Arguments.of("oversized chunk extension",
                        "POST /api/chat/stream HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n2;ext=" + "e".repeat(5000) + "\r\n{}\r\n0\r\n\r\n",
                        400, "chunk_line_too_long"));
    }

    @ParameterizedTest(name = "{0}: {2} and close")
    @MethodSource("malformed")
    void malformedRequestsGetTheirErrorAndTheConnectionIsClosed(String form, String raw, int status, String code)
            throws IOException {
        SseTestClient bystander = startBystander();
        try (SseTestClient client = connect()) {
            client.sendBytes(raw.getBytes(StandardCharsets.ISO_8859_1));
            ResponseHead head = client.readHead();
            assertEquals(status, head.status(), form);
            assertEquals("close", head.header("connection"), form);
            assertEquals(code, errorCode(client.readBody()), form);
            assertTrue(client.awaitServerClose(), form + ": the connection is closed");
        }
        assertBystanderCompletes(bystander);
    }

    static Stream<Arguments> wellFormedButRefused() {
        String hugeMessage = "{\"message\":\"" + "m".repeat(201) + "\"}";
        byte[] badUtf8 = {'{', '"', 'm', 'e', 's', 's', 'a', 'g', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        return Stream.of(
                Arguments.of("invalid UTF-8 in the JSON body", jsonPost(badUtf8), 400, "bad_json"),
                Arguments.of("invalid UTF-8 percent-encoded in the query",
                        ("GET /api/chat/stream?message=%C3%28 HTTP/1.1\r\n" + HOST + "\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1), 400, "bad_query"),
                Arguments.of("overlong UTF-8 (C0 AF for '/') in a JSON string",
                        jsonPost(withMessageBytes((byte) 0xC0, (byte) 0xAF)), 400, "bad_json"),
                Arguments.of("an encoded surrogate (ED A0 80) in a JSON string",
                        jsonPost(withMessageBytes((byte) 0xED, (byte) 0xA0, (byte) 0x80)), 400, "bad_json"),
                Arguments.of("a message over the limit",
                        jsonPost(hugeMessage.getBytes(StandardCharsets.UTF_8)), 400, "message_too_long"));
    }

    /** {@code {"message":"ok<bytes>"}} with {@code bytes} raw in the string. */
    private static byte[] withMessageBytes(byte... bytes) {
        byte[] start = "{\"message\":\"ok".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[start.length + bytes.length + 2];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(bytes, 0, body, start.length, bytes.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        return body;
    }

    private static byte[] jsonPost(byte[] body) {
        byte[] head = ("POST /api/chat/stream HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    @ParameterizedTest(name = "{0}: {2}, connection kept")
    @MethodSource("wellFormedButRefused")
    void wellFormedButUnacceptableRequestsKeepTheConnection(String form, byte[] raw, int status, String code)
            throws IOException {
        SseTestClient bystander = startBystander();
        try (SseTestClient client = connect()) {
            client.sendBytes(raw);
            ResponseHead head = client.readHead();
            assertEquals(status, head.status(), form);
            assertEquals(code, errorCode(client.readBody()), form);
            client.send(SseTestClient.get("/healthz"));
            assertEquals(200, client.readHead().status(), form + ": the connection still serves");
            client.readBody();
        }
        assertBystanderCompletes(bystander);
    }

    @Test
    void anAbsoluteFormTargetIsServedAsItsPath() throws IOException {
        SseTestClient bystander = startBystander();
        try (SseTestClient client = connect()) {
            client.send("GET http://127.0.0.1:" + server.port() + "/healthz HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals(200, client.readHead().status());
            assertEquals("ok", JsonDocument.parseObject(client.readBody()).get("status"));
            client.send("GET HTTP://127.0.0.1/api/chat/stream?message=absolute HTTP/1.1\r\n" + HOST + "\r\n");
            assertEquals(200, client.readHead().status());
            StageStreamAssertions.assertDefaultStream(client.readEvents(), DELAY_MS);
        }
        assertBystanderCompletes(bystander);
    }

    @Test
    void optionsAsteriskGets204WithTheServersMethodsAndKeepsTheConnection() throws IOException {
        SseTestClient bystander = startBystander();
        try (SseTestClient client = connect()) {
            client.send("OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n");
            ResponseHead head = client.readHead();
            assertEquals(204, head.status());
            assertEquals("GET, HEAD, OPTIONS, POST", head.header("allow"));
            client.send("GET * HTTP/1.1\r\n" + HOST + "\r\n");
            ResponseHead get = client.readHead();
            assertEquals(405, get.status());
            assertEquals("method_not_allowed", errorCode(client.readBody()));
            client.send(SseTestClient.get("/healthz"));
            assertEquals(200, client.readHead().status(), "the connection still serves");
            client.readBody();
        }
        assertBystanderCompletes(bystander);
    }

    @Test
    void http10WithoutHostIsServed() throws IOException {
        try (SseTestClient client = connect()) {
            client.send("GET /healthz HTTP/1.0\r\n\r\n");
            assertEquals(200, client.readHead().status());
        }
    }

    @Test
    void aClientUsingItsOwnReplacementCharacterIsServed() throws IOException {
        try (SseTestClient client = connect()) {
            client.send(SseTestClient.get("/api/chat/stream?message=%EF%BF%BD"));
            assertEquals(200, client.readHead().status());
            assertEquals(7, client.readEvents().size());
        }
    }

    @Test
    void headersTrickledByteByByteGet408AtTheRequestTimeoutAndTheConnectionCloses()
            throws IOException, InterruptedException {
        SseTestClient bystander = startBystander();
        try (SseTestClient client = connect()) {
            long start = System.nanoTime();
            String trickle = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
            // One byte every 50 ms: each is progress on the socket, none completes the request.
            for (char c : trickle.substring(0, 12).toCharArray()) {
                client.send(String.valueOf(c));
                Thread.sleep(50);
            }
            ResponseHead head = client.readHead();
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(408, head.status());
            assertEquals("request_timeout", errorCode(client.readBody()));
            assertTrue(client.awaitServerClose());
            assertTrue(elapsedMs >= REQUEST_TIMEOUT_MS - 20 && elapsedMs < REQUEST_TIMEOUT_MS + 1000,
                    "408 at the timeout of the first byte, after " + elapsedMs + " ms");
        }
        assertBystanderCompletes(bystander);
    }

    @Test
    void aBodyThatStopsHalfwayGets408() throws IOException {
        try (SseTestClient client = connect()) {
            client.send("POST /api/chat/stream HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                    + "Content-Length: 30\r\n\r\n{\"message\":");
            ResponseHead head = client.readHead();
            assertEquals(408, head.status());
            assertEquals("close", head.header("connection"));
            assertEquals("request_timeout", errorCode(client.readBody()));
            assertTrue(client.awaitServerClose());
        }
    }

    @Test
    void expect100ContinueGets100ThenTheStream() throws IOException {
        try (SseTestClient client = connect()) {
            String body = "{\"message\":\"after continue\"}";
            client.send("POST /api/chat/stream HTTP/1.1\r\n" + HOST + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\nExpect: 100-continue\r\n\r\n");
            assertEquals("HTTP/1.1 100 Continue", client.readHead().statusLine());
            client.send(body);
            assertEquals(200, client.readHead().status());
            StageStreamAssertions.assertDefaultStream(client.readEvents(), DELAY_MS);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAfterTheStream() throws IOException {
        try (SseTestClient client = connect()) {
            client.send(SseTestClient.get("/api/chat/stream?message=first") + SseTestClient.get("/healthz")
                    + SseTestClient.get("/api/chat/stream?message=second") + SseTestClient.get("/nowhere"));
            assertEquals(200, client.readHead().status());
            StageStreamAssertions.assertDefaultStream(client.readEvents(), DELAY_MS);
            assertEquals(200, client.readHead().status());
            assertEquals("ok", JsonDocument.parseObject(client.readBody()).get("status"));
            assertEquals(200, client.readHead().status());
            StageStreamAssertions.assertDefaultStream(client.readEvents(), DELAY_MS);
            assertEquals(404, client.readHead().status());
            assertEquals("not_found", errorCode(client.readBody()));
        }
    }
}
