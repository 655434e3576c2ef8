package dev.sluice.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.testing.EmbeddedOutbound;
import dev.sluice.gateway.testing.HttpResponseText;
import dev.sluice.gateway.testing.JsonDocument;
import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.SseParser;
import dev.sluice.gateway.testing.StageStreamAssertions;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real per-connection pipeline ({@link GatewayInitializer} with the gateway's routes) on an
 * {@link EmbeddedChannel}: raw request bytes in, raw response bytes out, on a clock the test moves.
 * Covers routing, every error status of SPEC section 2 and which of them close the connection.
 */
class GatewayPipelineTest {
    private static final long DELAY_MS = 100;

    private final StreamRegistry streams = new StreamRegistry();
    private final Readiness readiness = new Readiness();
    private EmbeddedChannel channel;

    @BeforeEach
    void openConnection() {
        GatewayConfig config = GatewayConfig.of(Map.of(ConfigOption.STAGE_DELAY_MS, Long.toString(DELAY_MS)));
        channel = new EmbeddedChannel(new GatewayInitializer(config.limits(),
                GatewayRoutes.build(config, streams, readiness)));
        channel.freezeTime();
    }

    @AfterEach
    void releaseWhatIsLeft() {
        channel.finishAndReleaseAll();
    }

    /** Writes raw request bytes (ISO-8859-1: one char per byte) and returns what the gateway wrote. */
    private String send(String raw) {
        return EmbeddedOutbound.afterSending(channel, raw);
    }

    private HttpResponseText exchange(String raw) {
        return HttpResponseText.parseSingle(send(raw));
    }

    /** Moves the clock through a whole default-plan stream and returns every byte written meanwhile. */
    private String runStream() {
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            channel.advanceTimeBy(DELAY_MS, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
            channel.runPendingTasks();
            written.append(EmbeddedOutbound.drainBytes(channel));
        }
        return written.toString();
    }

    private static String post(String body) {
        return post("application/json", body);
    }

    private static String post(String contentType, String body) {
        int length = body.getBytes(StandardCharsets.ISO_8859_1).length;
        return "POST /api/chat/stream HTTP/1.1\r\nHost: test\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + length + "\r\n\r\n" + body;
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }

    private static List<ReceivedEvent> events(HttpResponseText response) {
        SseParser parser = new SseParser(() -> 0L);
        List<ReceivedEvent> events = new ArrayList<>();
        assertEquals("retry: 2000\n\n", response.chunks().get(0), "the stream opens with the retry hint");
        for (String chunk : response.chunks().subList(1, response.chunks().size())) {
            List<ReceivedEvent> parsed = parser.feed(chunk);
            assertEquals(1, parsed.size(), () -> "each chunk is exactly one event: " + chunk);
            events.addAll(parsed);
        }
        assertTrue(parser.isIdle(), "nothing left half-sent");
        return events;
    }

    private static void assertStreamHead(HttpResponseText response, String connection) {
        assertEquals("HTTP/1.1 200 OK", response.statusLine());
        assertEquals("text/event-stream; charset=utf-8", response.header("content-type"));
        assertEquals("no-cache", response.header("cache-control"));
        assertEquals("no", response.header("x-accel-buffering"));
        assertEquals(connection, response.header("connection"));
        assertNull(response.header("content-length"));
        assertNull(response.header("content-encoding"), "event streams are never compressed");
    }

    private void assertError(HttpResponseText response, int status, String code) {
        assertEquals(status, response.status(), () -> "body: " + response.body());
        assertEquals("application/json", response.header("content-type"));
        assertEquals(Integer.toString(response.body().getBytes(StandardCharsets.UTF_8).length),
                response.header("content-length"));
        Map<String, Object> body = JsonDocument.parseObject(response.body());
        assertEquals(code, body.get("error"));
        assertFalse(((String) body.get("message")).isBlank(), "a human message");
        assertEquals(0, streams.startedStreams(), "no stream was started");
    }

    private void assertKeptOpen(HttpResponseText response) {
        assertTrue(channel.isOpen(), "a well-formed request keeps the connection");
        assertFalse("close".equalsIgnoreCase(response.header("connection")));
    }

    private void assertClosed(HttpResponseText response) {
        assertFalse(channel.isOpen(), "the connection is closed after the error");
        assertEquals("close", response.header("connection"));
    }

    @Test
    void postStreamsTheSevenEventsChunkedThenKeepsTheConnection() {
        String head = send(post("{\"message\":\"hello\"}"));
        HttpResponseText firstBytes = HttpResponseText.parseAll(head + "0\r\n\r\n").get(0);
        assertEquals(2, firstBytes.chunks().size(), "retry and event 1 are written at once");
        assertEquals(1, streams.openStreams());

        HttpResponseText response = HttpResponseText.parseSingle(head + runStream());

        assertStreamHead(response, "keep-alive");
        assertTrue(response.isChunked());
        assertEquals(8, response.chunks().size(), "retry + 7 events");
        StageStreamAssertions.assertDefaultStream(events(response), DELAY_MS);
        assertTrue(channel.isOpen());
        assertEquals(0, streams.openStreams());
        assertEquals(1, streams.endedStreams(StreamOutcome.COMPLETED));
    }

    @Test
    void getWithTheMessageInTheQueryStreamsTooAndTheConnectionServesAnother() {
        HttpResponseText first = HttpResponseText.parseSingle(send(get("/api/chat/stream?message=hi%20there")) + runStream());
        assertStreamHead(first, "keep-alive");
        StageStreamAssertions.assertDefaultStream(events(first), DELAY_MS);

        HttpResponseText second = HttpResponseText.parseSingle(send(post("{\"message\":\"again\"}")) + runStream());
        StageStreamAssertions.assertDefaultStream(events(second), DELAY_MS);
        assertEquals(2, streams.endedStreams(StreamOutcome.COMPLETED));
        assertTrue(channel.isOpen());
    }

    @Test
    void connectionCloseGetsTheStreamThenTheConnectionCloses() {
        String raw = send("GET /api/chat/stream?message=x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        assertTrue(channel.isOpen(), "open while streaming");
        HttpResponseText response = HttpResponseText.parseSingle(raw + runStream());
        assertStreamHead(response, "close");
        assertTrue(response.isChunked());
        StageStreamAssertions.assertDefaultStream(events(response), DELAY_MS);
        assertFalse(channel.isOpen(), "closed after the last chunk");
    }

    @Test
    void http10GetsAnUnchunkedStreamEndedByClose() {
        String raw = send("GET /api/chat/stream?message=x HTTP/1.0\r\n\r\n") + runStream();
        HttpResponseText response = HttpResponseText.parseSingle(raw);
        assertStreamHead(response, "close");
        assertNull(response.header("transfer-encoding"), "an HTTP/1.0 client cannot read chunks");
        assertTrue(response.body().matches("(?s)retry: 2000\n\nid: s-[0-9a-f]{16}:1\nevent: stage\ndata: \\{.*"),
                response.body());
        SseParser parser = new SseParser(() -> 0L);
        StageStreamAssertions.assertDefaultStream(parser.feed(response.body()), DELAY_MS);
        assertFalse(channel.isOpen());
    }

    @Test
    void aPipelinedRequestIsAnsweredAfterTheStreamAheadOfItEnds() {
        String first = send(get("/api/chat/stream?message=one") + post("{\"message\":\"two\"}"));
        assertEquals(1, streams.startedStreams(), "the second waits");
        String rest = runStream();
        assertEquals(2, streams.startedStreams(), "the second starts when the first ends");
        rest += runStream();

        List<HttpResponseText> responses = HttpResponseText.parseAll(first + rest);
        assertEquals(2, responses.size());
        List<ReceivedEvent> one = events(responses.get(0));
        List<ReceivedEvent> two = events(responses.get(1));
        StageStreamAssertions.assertDefaultStream(one, DELAY_MS);
        StageStreamAssertions.assertDefaultStream(two, DELAY_MS);
        assertFalse(one.get(0).json().get("streamId").equals(two.get(0).json().get("streamId")));
        assertEquals(2, streams.endedStreams(StreamOutcome.COMPLETED));
    }

    @Test
    void unknownPathIs404AndTheConnectionThenServesAStream() {
        HttpResponseText notFound = exchange(get("/nope"));
        assertError(notFound, 404, "not_found");
        assertKeptOpen(notFound);

        HttpResponseText stream = HttpResponseText.parseSingle(send(get("/api/chat/stream?message=x")) + runStream());
        StageStreamAssertions.assertDefaultStream(events(stream), DELAY_MS);
    }

    @Test
    void wrongMethodIs405WithAllow() {
        HttpResponseText response = exchange("DELETE /api/chat/stream HTTP/1.1\r\nHost: t\r\n\r\n");
        assertError(response, 405, "method_not_allowed");
        assertEquals("GET, OPTIONS, POST", response.header("allow"));
        assertKeptOpen(response);

        HttpResponseText health = exchange("POST /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
        assertError(health, 405, "method_not_allowed");
        assertEquals("GET, OPTIONS", health.header("allow"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"message\":", "not json", "[\"message\"]", "{\"message\":\"x\"} {}", ""})
    void badJsonIs400(String body) {
        HttpResponseText response = exchange(post(body));
        assertError(response, 400, "bad_json");
        String message = (String) JsonDocument.parseObject(response.body()).get("message");
        assertTrue(message.startsWith("the body is not valid JSON") || message.startsWith("the body must be")
                || message.startsWith("unexpected content"), message);
        assertFalse(message.contains("\n") || message.contains("Unexpected") || message.contains("Source"),
                () -> "no parser text for the client: " + message);
        assertKeptOpen(response);
    }

    @Test
    void bodyThatIsNotUtf8Is400() {
        HttpResponseText response = exchange(post("{\"message\":\"\u00ff\u00fe\u00c0\"}"));
        assertError(response, 400, "bad_json");
        assertKeptOpen(response);
    }

    @Test
    void missingEmptyOrNonStringMessageIs400() {
        assertError(exchange(post("{\"other\":1}")), 400, "missing_message");
        assertError(exchange(post("{\"message\":\"   \"}")), 400, "missing_message");
        assertError(exchange(get("/api/chat/stream")), 400, "missing_message");
        assertError(exchange(post("{\"message\":42}")), 400, "invalid_message");
        assertTrue(channel.isOpen());
    }

    @Test
    void messageLongerThanTheLimitIs400() {
        assertError(exchange(post("{\"message\":\"" + "x".repeat(4001) + "\"}")), 400, "message_too_long");
        HttpResponseText atLimit = HttpResponseText.parseSingle(
                send(post("{\"message\":\"" + "x".repeat(4000) + "\"}")) + runStream());
        assertEquals(200, atLimit.status(), "exactly the limit is fine");
    }

    @Test
    void wrongContentTypeIs415() {
        assertError(exchange(post("text/plain", "{\"message\":\"x\"}")), 415, "unsupported_media_type");
        assertError(exchange(post("application/json; charset=iso-8859-1", "{\"message\":\"x\"}")), 415,
                "unsupported_media_type");
        HttpResponseText none = exchange("POST /api/chat/stream HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\n{}");
        assertError(none, 415, "unsupported_media_type");
        assertKeptOpen(none);
        HttpResponseText withCharset = HttpResponseText.parseSingle(
                send(post("Application/JSON; charset=UTF-8", "{\"message\":\"x\"}")) + runStream());
        assertEquals(200, withCharset.status(), "media type and charset are case-insensitive");
    }

    @Test
    void declaredBodyOverTheLimitIs413AndCloses() {
        HttpResponseText response = exchange("POST /api/chat/stream HTTP/1.1\r\nHost: t\r\n"
                + "Content-Type: application/json\r\nContent-Length: 70000\r\n\r\n{\"message\":\"");
        assertError(response, 413, "body_too_large");
        assertClosed(response);
    }

    @Test
    void chunkedBodyGrowingOverTheLimitIs413AndCloses() {
        String chunk = "x".repeat(8000);
        StringBuilder raw = new StringBuilder("POST /api/chat/stream HTTP/1.1\r\nHost: t\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 9; i++) {
            raw.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        HttpResponseText response = exchange(raw.toString());
        assertError(response, 413, "body_too_large");
        assertClosed(response);
    }

    @Test
    void headersOverTheLimitAre431AndClose() {
        HttpResponseText response = exchange("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(9000)
                + "\r\n\r\n");
        assertError(response, 431, "headers_too_large");
        assertClosed(response);
    }

    @Test
    void requestLineOverTheLimitIs414AndCloses() {
        HttpResponseText response = exchange(get("/api/chat/stream?message=" + "a".repeat(5000)));
        assertError(response, 414, "request_line_too_long");
        assertClosed(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTX/1.1\r\nHost: t\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: nope\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        "GET /healthz HTTP/1.1\r\nBad Header\u0001: x\r\n\r\n"
    })
    void malformedRequestIs400AndCloses(String raw) {
        HttpResponseText response = exchange(raw);
        assertError(response, 400, "bad_request");
        assertClosed(response);
    }

    @Test
    void contentLengthTogetherWithTransferEncodingIs400AndCloses() {
        HttpResponseText response = exchange("POST /api/chat/stream HTTP/1.1\r\nHost: t\r\n"
                + "Content-Type: application/json\r\nContent-Length: 19\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "13\r\n{\"message\":\"hello\"}\r\n0\r\n\r\n");
        assertError(response, 400, "bad_request");
        assertClosed(response);
    }

    @Test
    void healthzAnswers200() {
        HttpResponseText response = exchange(get("/healthz"));
        assertEquals(200, response.status());
        assertEquals("application/json", response.header("content-type"));
        assertEquals("ok", JsonDocument.parseObject(response.body()).get("status"));
        assertKeptOpen(response);
    }

    @Test
    void readyzIs200UntilDrainingThen503() {
        HttpResponseText ready = exchange(get("/readyz"));
        assertEquals(200, ready.status());
        assertEquals("ready", JsonDocument.parseObject(ready.body()).get("status"));

        readiness.markDraining();

        HttpResponseText draining = exchange(get("/readyz"));
        assertError(draining, 503, "not_ready");
        assertKeptOpen(draining);
        assertEquals(200, exchange(get("/healthz")).status(), "still alive while draining");
    }
}
