package dev.sluice.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.http.ConnectionTimeoutHandler;
import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteHandler;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.http.RequestRouter;
import dev.sluice.gateway.stream.ActiveStream;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import dev.sluice.gateway.testing.EmbeddedOutbound;
import dev.sluice.gateway.testing.HttpResponseText;
import dev.sluice.gateway.testing.JsonDocument;
import dev.sluice.gateway.testing.SseParser;
import dev.sluice.gateway.testing.StageStreamAssertions;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1.1 pipeline while a connection streams ({@link Http1Handlers}): the request handlers leave
 * when a stream starts and fresh ones come back when it ends with bytes waiting, else with the client's
 * next bytes; what the client sends meanwhile waits as bytes and is answered after the stream, in order;
 * more than one request's worth closes the connection.
 */
class StreamingPipelineTest {
    private static final long DELAY_MS = 100;
    private static final int MAX_BODY_BYTES = 1024;
    private static final List<String> READING = List.of("encoder", "timeouts", "decoder", "keepAlive", "aggregator",
            "cors", "router");
    private static final List<String> STREAMING = List.of("encoder", "router");
    /** While a stream whose head is not out yet, or that closes the connection at its end, runs. */
    private static final List<String> STREAMING_WITH_KEEP_ALIVE = List.of("encoder", "keepAlive", "cors", "router");

    private final StreamRegistry streams = new StreamRegistry();
    private GatewayConfig config;
    private EmbeddedChannel channel;

    @BeforeEach
    void openConnection() {
        config = GatewayConfig.of(Map.of(ConfigOption.STAGE_DELAY_MS, Long.toString(DELAY_MS),
                ConfigOption.MAX_BODY_BYTES, Integer.toString(MAX_BODY_BYTES)));
        channel = new EmbeddedChannel(new GatewayInitializer(config.limits(),
                GatewayRoutes.build(config, streams, new Readiness())));
        channel.freezeTime();
    }

    @AfterEach
    void releaseWhatIsLeft() {
        channel.finishAndReleaseAll();
    }

    private String send(String raw) {
        return EmbeddedOutbound.afterSending(channel, raw);
    }

    /** Moves the clock by one stage and returns what was written meanwhile. */
    private String stage() {
        channel.advanceTimeBy(DELAY_MS, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
        return EmbeddedOutbound.drainBytes(channel);
    }

    private String runStream() {
        StringBuilder written = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            written.append(stage());
        }
        return written.toString();
    }

    private List<String> handlers() {
        return channel.pipeline().names().stream().filter(name -> !name.startsWith("DefaultChannelPipeline$")).toList();
    }

    private int heldBytes() {
        return ((RequestRouter) channel.pipeline().get("router")).heldBytes();
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }

    private static String postStream(String message) {
        String body = "{\"message\":\"" + message + "\"}";
        return "POST /api/chat/stream HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    private static void assertCompleteStream(HttpResponseText response) {
        assertEquals(200, response.status());
        StageStreamAssertions.assertDefaultStream(new SseParser(() -> 0L).feed(response.body()), DELAY_MS);
    }

    @Test
    void theRequestHandlersLeaveWhileAStreamRunsAndComeBackForTheNextRequest() {
        assertEquals(READING, handlers());
        String first = send(postStream("one"));
        assertEquals(STREAMING, handlers(), "no timeouts, decoder, aggregator, keep-alive or cors while streaming");
        assertEquals(1, streams.openStreams());

        first += runStream();
        assertCompleteStream(HttpResponseText.parseSingle(first));
        assertEquals(STREAMING, handlers(), "nothing put back until the client sends again");
        assertTrue(channel.isOpen(), "kept alive");

        HttpResponseText health = HttpResponseText.parseSingle(send(get("/healthz")));
        assertEquals("ok", JsonDocument.parseObject(health.body()).get("status"));
        assertEquals(READING, handlers(), "fresh request handlers with the next request");
        health = HttpResponseText.parseSingle(send(get("/healthz")));
        assertEquals(200, health.status());
        assertEquals(READING, handlers(), "a plain answer does not touch the pipeline");

        String second = send(get("/api/chat/stream?message=two"));
        assertEquals(STREAMING, handlers());
        assertCompleteStream(HttpResponseText.parseSingle(second + runStream()));
        assertEquals(STREAMING, handlers());
        assertEquals(2, streams.endedStreams(StreamOutcome.COMPLETED));
    }

    @Test
    void requestsPipelinedInTheStreamsOwnReadAreHeldUndecodedAndAnsweredInOrderAfterIt() {
        String pipelined = get("/healthz") + postStream("second") + get("/nowhere");
        String written = send(postStream("first") + pipelined);
        assertEquals(STREAMING, handlers());
        assertEquals(pipelined.length(), heldBytes(), "the decoder handed its unread input over, nothing decoded");
        assertEquals(1, streams.startedStreams());

        written += runStream();
        assertEquals(2, streams.startedStreams(), "/healthz answered, then the second stream started");
        assertEquals(STREAMING, handlers(), "streaming again, /nowhere held");
        assertEquals(get("/nowhere").length(), heldBytes());
        written += runStream();

        List<HttpResponseText> responses = HttpResponseText.parseAll(written);
        assertEquals(4, responses.size());
        assertCompleteStream(responses.get(0));
        assertEquals("ok", JsonDocument.parseObject(responses.get(1).body()).get("status"));
        assertCompleteStream(responses.get(2));
        assertEquals(404, responses.get(3).status());
        assertEquals(READING, handlers());
        assertTrue(channel.isOpen());
    }

    @Test
    void aRequestSentInPiecesDuringAStreamIsAnsweredWhenItEnds() {
        String written = send(get("/api/chat/stream?message=one"));
        String next = get("/healthz");
        written += send(next.substring(0, 10));
        written += stage();
        written += send(next.substring(10));
        assertEquals(next.length(), heldBytes());
        for (int i = 0; i < 5; i++) {
            written += stage();
        }
        List<HttpResponseText> responses = HttpResponseText.parseAll(written);
        assertEquals(2, responses.size());
        assertCompleteStream(responses.get(0));
        assertEquals(200, responses.get(1).status());
        assertEquals(READING, handlers());
    }

    @Test
    void moreThanOneRequestsWorthSentDuringAStreamClosesTheConnection() {
        send(get("/api/chat/stream?message=one"));
        int oneRequest = config.limits().maxRequestLineBytes() + config.limits().maxHeaderBytes() + MAX_BODY_BYTES;
        String junk = "x".repeat(1000);
        int sent = 0;
        while (sent + junk.length() <= oneRequest) {
            send(junk);
            sent += junk.length();
            assertTrue(channel.isOpen(), "up to one request's worth is held");
        }
        assertEquals(sent, heldBytes());
        send(junk);
        assertFalse(channel.isOpen(), "closed once the client sent more than a request's worth");
        assertEquals(1, streams.endedStreams(StreamOutcome.CLIENT_GONE));
        assertEquals(0, streams.openStreams());
    }

    @Test
    void aClientLeavingDuringAStreamReleasesWhatItSentAndPutsNothingBack() {
        send(get("/api/chat/stream?message=one"));
        send("GET /healthz HTTP/1.1\r\nHo");
        channel.close();
        assertEquals(1, streams.endedStreams(StreamOutcome.CLIENT_GONE));
        assertEquals(List.of(), handlers(), "Netty removed every handler; nothing was added back");
        // The paranoid leak detector (LeakReportingExtension) fails the test if the held bytes leaked.
    }

    @Test
    void aStreamEndedByConnectionCloseDropsWhatWasPipelinedBehindIt() {
        String written = send("GET /api/chat/stream?message=x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                + get("/healthz"));
        assertEquals(STREAMING_WITH_KEEP_ALIVE, handlers(), "keep-alive stays to close the connection at the end");
        written += runStream();
        assertFalse(channel.isOpen(), "closed after the stream's last chunk");
        assertEquals(1, HttpResponseText.parseAll(written).size(), "the pipelined request is not answered");
    }

    @Test
    void aHandOverDuringAStreamClosesAfterItWithoutAnsweringWhatWasPipelined() {
        String written = send(get("/api/chat/stream?message=x") + get("/healthz"));
        channel.pipeline().fireUserEventTriggered(ConnectionTimeoutHandler.CLOSE_WHEN_IDLE);
        written += stage();
        assertTrue(channel.isOpen(), "the stream runs on");
        for (int i = 0; i < 5; i++) {
            written += stage();
        }
        channel.runPendingTasks();
        assertFalse(channel.isOpen(), "closed once the stream's last chunk was written");
        List<HttpResponseText> responses = HttpResponseText.parseAll(written);
        assertEquals(1, responses.size());
        assertCompleteStream(responses.get(0));
    }

    @Test
    void aStreamAnsweredAtOnceLeavesThePipelineAsItWas() {
        // A resume of an unknown stream: 204 before any stream starts.
        String written = send("GET /api/chat/stream HTTP/1.1\r\nHost: t\r\nLast-Event-ID: s-0000000000000000:3\r\n\r\n");
        assertEquals(204, HttpResponseText.parseSingle(written).status());
        assertEquals(READING, handlers());
    }
    @Test
    void aCrossOriginStreamsOriginIsForgottenAtItsEndThoughCorsLeftWhileItRan() {
        config = GatewayConfig.of(Map.of(ConfigOption.STAGE_DELAY_MS, Long.toString(DELAY_MS),
                ConfigOption.CORS_ORIGINS, "https://app.example"));
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new GatewayInitializer(config.limits(),
                GatewayRoutes.build(config, streams, new Readiness())));
        channel.freezeTime();
        String written = send("GET /api/chat/stream?message=x HTTP/1.1\r\nHost: test\r\nOrigin: https://app.example\r\n\r\n");
        assertEquals(STREAMING, handlers());
        HttpResponseText stream = HttpResponseText.parseSingle(written + runStream());
        assertEquals("https://app.example", stream.header("access-control-allow-origin"));
        assertEquals(STREAMING, handlers());

        HttpResponseText notFound = HttpResponseText.parseSingle(send(get("/nowhere")));
        assertEquals(READING, handlers());
        assertEquals(404, notFound.status());
        assertEquals(null, notFound.header("access-control-allow-origin"), "the stream's origin was forgotten");
    }

    @Test
    void aStreamWhoseHeadComesLaterKeepsKeepAliveAndCorsUntilItEnds() {
        HeadLater route = new HeadLater();
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new GatewayInitializer(config.limits(), RouteTable.builder()
                .add(new Route("/later", Set.of(HttpMethod.GET), route)).build()));
        send("GET /later HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n" + get("/later"));
        assertEquals(STREAMING_WITH_KEEP_ALIVE, handlers(), "the head has not gone through keep-alive and cors yet");

        route.writeWholeResponse();
        assertFalse(channel.isOpen(), "the keep-alive handler closed after the last content, as the head asked");
        String written = EmbeddedOutbound.drainBytes(channel);
        assertEquals(1, HttpResponseText.parseAll(written).size(), written);
        assertEquals(1, route.started, "the pipelined request was dropped with the connection");
    }

    @Test
    void aStreamWhoseHeadComesLaterServesThePipelinedRequestAfterIt() {
        HeadLater route = new HeadLater();
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new GatewayInitializer(config.limits(), RouteTable.builder()
                .add(new Route("/later", Set.of(HttpMethod.GET), route)).build()));
        send(get("/later") + get("/later"));
        route.writeWholeResponse();
        assertEquals(2, route.started, "the second request started once the first ended");
        assertEquals(STREAMING_WITH_KEEP_ALIVE, handlers());
        route.writeWholeResponse();
        assertEquals(STREAMING_WITH_KEEP_ALIVE, handlers(), "nothing more held: the rest waits for the client");
        assertEquals(2, HttpResponseText.parseAll(EmbeddedOutbound.drainBytes(channel)).size());
        assertTrue(channel.isOpen());
        send(get("/later"));
        assertEquals(3, route.started, "the next request is read by the handlers put back");
        assertEquals(STREAMING_WITH_KEEP_ALIVE, handlers());
    }

    @Test
    void aClientClosingAfterItsStreamGetsNoHandlersPutBack() {
        assertCompleteStream(HttpResponseText.parseSingle(send(get("/api/chat/stream?message=one")) + runStream()));
        RequestRouter router = (RequestRouter) channel.pipeline().get("router");
        assertTrue(router.awaitingBytes());
        assertEquals(STREAMING, handlers(), "no request handlers after the stream");
        channel.close();
        assertFalse(router.awaitingBytes(), "the idle timer is cancelled with the connection");
        assertEquals(List.of(), handlers(), "nothing was put back");
        // No idle timer left behind: moving the clock past the idle timeout runs nothing.
        channel.advanceTimeBy(1, TimeUnit.DAYS);
        assertEquals(-1, channel.runScheduledPendingTasks(), "no scheduled task left");
    }

    @Test
    void theNextRequestAfterAStreamPutsTheHandlersBackAndIsAnswered() {
        assertCompleteStream(HttpResponseText.parseSingle(send(get("/api/chat/stream?message=one")) + runStream()));
        assertEquals(STREAMING, handlers());
        String next = get("/healthz");
        // In two reads: the first bytes bring the handlers back, the rest completes the request there.
        assertEquals("", send(next.substring(0, 7)));
        assertEquals(READING, handlers());
        assertEquals(0, heldBytes());
        HttpResponseText health = HttpResponseText.parseSingle(send(next.substring(7)));
        assertEquals("ok", JsonDocument.parseObject(health.body()).get("status"));
        assertTrue(channel.isOpen());
        assertCompleteStream(HttpResponseText.parseSingle(send(get("/api/chat/stream?message=two")) + runStream()));
        assertEquals(2, streams.endedStreams(StreamOutcome.COMPLETED));
    }

    @Test
    void moreThanOneRequestsWorthPipelinedAfterAStreamIsReadAsWithoutTheStream() {
        assertCompleteStream(HttpResponseText.parseSingle(send(get("/api/chat/stream?message=one")) + runStream()));
        int oneRequest = config.limits().maxRequestLineBytes() + config.limits().maxHeaderBytes() + MAX_BODY_BYTES;
        String padded = "GET /healthz HTTP/1.1\r\nHost: test\r\nX-Pad: " + "p".repeat(1000) + "\r\n\r\n";
        int requests = oneRequest / padded.length() + 2;
        String burst = padded.repeat(requests);
        assertTrue(burst.length() > oneRequest);
        List<HttpResponseText> responses = HttpResponseText.parseAll(send(burst));
        assertEquals(requests, responses.size(), "the cap on what a stream holds does not apply after it");
        assertTrue(channel.isOpen());
        assertEquals(READING, handlers());
    }

    @Test
    void aHandOverAfterAStreamClosesTheIdleConnectionAtOnce() {
        assertCompleteStream(HttpResponseText.parseSingle(send(get("/api/chat/stream?message=one")) + runStream()));
        assertEquals(STREAMING, handlers());
        channel.pipeline().fireUserEventTriggered(ConnectionTimeoutHandler.CLOSE_WHEN_IDLE);
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
        assertEquals(List.of(), handlers(), "nothing was put back");
    }

    /** A stream that writes its head and body only when the test says, as one answered from another loop. */
    private static final class HeadLater implements RouteHandler {
        private ChannelHandlerContext ctx;
        private Runnable onEnd;
        private boolean keepAlive;
        private int started;

        @Override
        public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
                Runnable onEnd) {
            this.ctx = ctx;
            this.onEnd = onEnd;
            this.keepAlive = HttpUtil.isKeepAlive(request);
            started++;
            return new ActiveStream() {
                @Override
                public void clientGone() {
                }

                @Override
                public void writabilityChanged(boolean writable) {
                }
            };
        }

        void writeWholeResponse() {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setTransferEncodingChunked(head, true);
            HttpUtil.setKeepAlive(head, keepAlive);
            ctx.write(head);
            ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("data: x\n\n", StandardCharsets.UTF_8)));
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            onEnd.run();
        }
    }
}
