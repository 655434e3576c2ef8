package dev.sluice.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.http.ConnectionTimeoutHandler;
import dev.sluice.gateway.metrics.OpenConnections;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.testing.EmbeddedOutbound;
import dev.sluice.gateway.testing.HttpResponseText;
import dev.sluice.gateway.testing.JsonDocument;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request read timeout and the idle timeout on the real pipeline, on a clock the test moves:
 * a request trickled or left half-sent gets 408 and a close exactly at the timeout; an idle
 * keep-alive connection is closed at the idle timeout; a streaming connection is never touched.
 */
class ConnectionTimeoutsTest {
    private static final long REQUEST_TIMEOUT_MS = 1000;
    private static final long IDLE_TIMEOUT_MS = 5000;
    private static final long STAGE_DELAY_MS = 20_000;

    private final StreamRegistry streams = new StreamRegistry();
    private final OpenConnections connections = new OpenConnections();
    private final MockTicker ticker = Ticker.newMockTicker();
    private EmbeddedChannel channel;

    @BeforeEach
    void openConnection() {
        GatewayConfig config = GatewayConfig.of(Map.of(
                ConfigOption.STAGE_DELAY_MS, Long.toString(STAGE_DELAY_MS),
                ConfigOption.HEARTBEAT_INTERVAL_MS, "0",
                ConfigOption.REQUEST_TIMEOUT_MS, Long.toString(REQUEST_TIMEOUT_MS),
                ConfigOption.IDLE_TIMEOUT_MS, Long.toString(IDLE_TIMEOUT_MS)));
        // A mock ticker from the start: the idle clock starts when the connection becomes active.
        channel = EmbeddedChannel.builder()
                .ticker(ticker)
                .handlers(new GatewayInitializer(config.limits(), config.timeouts(), connections,
                        GatewayRoutes.build(config, streams, new Readiness())))
                .build();
    }

    @AfterEach
    void releaseWhatIsLeft() {
        channel.finishAndReleaseAll();
    }

    private void send(String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
    }

    private void advance(long millis) {
        ticker.advance(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    private void assertRequestTimeout(String written) {
        HttpResponseText response = HttpResponseText.parseSingle(written);
        assertEquals(408, response.status(), written);
        assertEquals("close", response.header("connection"));
        assertEquals("request_timeout", JsonDocument.parseObject(response.body()).get("error"));
        assertFalse(channel.isOpen(), "the connection is closed after the 408");
    }

    @Test
    void headersTrickledByteByByteGet408AtTheTimeoutOfTheFirstByte() {
        String request = "GET /healthz HTTP/1.1\r\nHost: test\r\nX-Slow: ";
        long step = REQUEST_TIMEOUT_MS / (request.length() + 1);
        for (char c : request.toCharArray()) {
            send(String.valueOf(c));
            advance(step);
        }
        assertEquals("", EmbeddedOutbound.drainBytes(channel), "still within the timeout");
        assertTrue(channel.isOpen());
        advance(REQUEST_TIMEOUT_MS - step * request.length());
        assertRequestTimeout(EmbeddedOutbound.drainBytes(channel));
    }

    @Test
    void aBodyThatNeverFinishesGets408() {
        send("POST /api/chat/stream HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                + "Content-Length: 40\r\n\r\n{\"message\":");
        advance(REQUEST_TIMEOUT_MS - 1);
        assertTrue(channel.isOpen());
        assertEquals("", EmbeddedOutbound.drainBytes(channel));
        advance(1);
        assertRequestTimeout(EmbeddedOutbound.drainBytes(channel));
        assertEquals(0, streams.startedStreams(), "no stream was started");
    }

    @Test
    void anIdleConnectionIsClosedWithoutAResponseAtTheIdleTimeout() {
        advance(IDLE_TIMEOUT_MS - 1);
        assertTrue(channel.isOpen());
        advance(1);
        assertFalse(channel.isOpen());
        assertEquals("", EmbeddedOutbound.drainBytes(channel), "an idle close sends nothing");
    }

    @Test
    void eachAnsweredRequestRestartsTheIdleClock() {
        for (int i = 0; i < 3; i++) {
            advance(IDLE_TIMEOUT_MS - 100);
            send("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n");
            assertEquals(200, HttpResponseText.parseSingle(EmbeddedOutbound.drainBytes(channel)).status());
        }
        advance(IDLE_TIMEOUT_MS - 1);
        assertTrue(channel.isOpen(), "kept alive: the last request ended less than the idle timeout ago");
        advance(1);
        assertFalse(channel.isOpen());
    }

    @Test
    void aStreamingConnectionIsNeverTimedOutAndIdleCountsFromTheStreamsEnd() {
        send("GET /api/chat/stream?message=hi HTTP/1.1\r\nHost: test\r\n\r\n");
        long streamMs = 6 * STAGE_DELAY_MS;
        // Stage delays far beyond both timeouts, with no heartbeats: nothing is written for 20 s at a time.
        for (long t = 0; t < streamMs - 1000; t += 1000) {
            advance(1000);
            assertTrue(channel.isOpen(), "open at " + t + " ms into the stream");
        }
        advance(1000);
        String written = EmbeddedOutbound.drainBytes(channel);
        assertTrue(written.contains("event: complete"), written);
        assertEquals(1, streams.endedStreams(StreamOutcome.COMPLETED));
        advance(IDLE_TIMEOUT_MS - 1);
        assertTrue(channel.isOpen());
        assertNull(channel.pipeline().get("timeouts"), "the router keeps the idle timeout; nothing put back");
        advance(1);
        assertFalse(channel.isOpen(), "idle once the stream has ended");
        assertEquals("", EmbeddedOutbound.drainBytes(channel), "an idle close sends nothing");
    }

    @Test
    void aRequestAfterAStreamStopsTheStreamsIdleClockAndTheNextIdleCountsFromItsAnswer() {
        send("GET /api/chat/stream?message=hi HTTP/1.1\r\nHost: test\r\n\r\n");
        advance(6 * STAGE_DELAY_MS);
        assertTrue(EmbeddedOutbound.drainBytes(channel).contains("event: complete"));
        advance(IDLE_TIMEOUT_MS - 1);
        send("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n");
        assertTrue(EmbeddedOutbound.drainBytes(channel).startsWith("HTTP/1.1 200 "));
        assertNotNull(channel.pipeline().get("timeouts"), "the request brought the handlers back");
        advance(1);
        assertTrue(channel.isOpen(), "the stream's idle clock was stopped by the request");
        advance(IDLE_TIMEOUT_MS - 2);
        assertTrue(channel.isOpen());
        advance(1);
        assertFalse(channel.isOpen(), "idle timeout counted from the answer");
    }

    @Test
    void aRequestBegunDuringAStreamIsTimedFromTheStreamsEnd() {
        send("GET /api/chat/stream?message=hi HTTP/1.1\r\nHost: test\r\n\r\nGET /healthz HTTP/1.1\r\nHo");
        // Far past the request timeout while the stream runs: the half-sent request waits, untimed.
        advance(6 * STAGE_DELAY_MS);
        String written = EmbeddedOutbound.drainBytes(channel);
        assertTrue(written.endsWith("0\r\n\r\n"), "the stream ended: " + written);
        assertTrue(channel.isOpen());
        advance(REQUEST_TIMEOUT_MS - 1);
        assertTrue(channel.isOpen(), "its request timeout counts from the stream's end");
        assertEquals("", EmbeddedOutbound.drainBytes(channel));
        advance(1);
        assertRequestTimeout(EmbeddedOutbound.drainBytes(channel));
    }

    @Test
    void aHandOverClosesAnIdleConnectionAtOnceAndAStreamingOneRightAfterItsStream() {
        // Idle: closed at once, without a response.
        channel.pipeline().fireUserEventTriggered(ConnectionTimeoutHandler.CLOSE_WHEN_IDLE);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
        assertEquals("", EmbeddedOutbound.drainBytes(channel));

        // Streaming: the stream runs to its end, every byte of it written, then the connection closes.
        openConnection();
        send("GET /api/chat/stream?message=hi HTTP/1.1\r\nHost: test\r\n\r\n");
        channel.pipeline().fireUserEventTriggered(ConnectionTimeoutHandler.CLOSE_WHEN_IDLE);
        channel.runPendingTasks();
        advance(3 * STAGE_DELAY_MS);
        assertTrue(channel.isOpen(), "a running stream is never cut by the hand-over");
        advance(3 * STAGE_DELAY_MS);
        String written = EmbeddedOutbound.drainBytes(channel);
        assertTrue(written.contains("event: complete") && written.endsWith("0\r\n\r\n"), written);
        assertFalse(channel.isOpen(), "closed once idle, without waiting for the idle timeout");
    }

    @Test
    void theOpenConnectionsCountsTheConnectionUntilItCloses() {
        assertEquals(1, connections.openConnections());
        channel.close();
        assertEquals(0, connections.openConnections());
    }
}
