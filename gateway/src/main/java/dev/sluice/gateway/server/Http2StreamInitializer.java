package dev.sluice.gateway.server;

import dev.sluice.gateway.config.HttpLimits;
import dev.sluice.gateway.edge.CorsResponseHeaders;
import dev.sluice.gateway.edge.EdgeStats;
import dev.sluice.gateway.edge.Http2RequestDeadline;
import dev.sluice.gateway.edge.Http2StreamErrors;
import dev.sluice.gateway.http.BoundedBodyAggregator;
import dev.sluice.gateway.http.RequestRouter;
import dev.sluice.gateway.http.RouteTable;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.channel.ChannelInitializer;

/**
 * Builds the pipeline of one HTTP/2 stream, a child channel of its connection
 * ({@code Http2MultiplexHandler}):
 *
 * <pre>
 *  frames → codec → errors → deadline → aggregator ──────→ router → (route handler / stream)
 *  frames ← codec ←─────────── deadline ←──────────── cors ← router
 * </pre>
 *
 * The codec turns the stream's frames into the same {@code HttpRequest}/{@code HttpContent} objects an
 * HTTP/1.1 connection decodes, and back, dropping connection-specific headers ({@code connection},
 * {@code keep-alive}, {@code transfer-encoding}) on the way out; so the aggregator, the CORS headers and
 * the router are the HTTP/1.1 ones, and every route serves both protocols. The stream channel's
 * writability follows what it has waiting for its flow-control window, which pauses that stream's
 * producer alone; a
 * {@code RST_STREAM} closes the stream channel, which the router reports to the stream as a client gone.
 * The deadline answers {@code 408} to a request that does not arrive whole within the request timeout.
 * Request-line and header limits are the connection codec's (header-list size); there is no
 * pipelining to queue, one stream carries one request.
 */
final class Http2StreamInitializer extends ChannelInitializer<Http2StreamChannel> {
    private final HttpLimits limits;
    private final RouteTable routes;
    private final EdgeStats stats;
    private final WriteBufferWaterMark waterMark;
    private final long requestTimeoutMs;

    /**
     * @param waterMark the per-stream outbound limits, the same an HTTP/1.1 connection gets
     * @param requestTimeoutMs how long a stream's request may take to arrive whole
     */
    Http2StreamInitializer(HttpLimits limits, RouteTable routes, EdgeStats stats, WriteBufferWaterMark waterMark,
            long requestTimeoutMs) {
        this.requestTimeoutMs = requestTimeoutMs;
        this.limits = limits;
        this.routes = routes;
        this.stats = stats;
        this.waterMark = waterMark;
    }

    @Override
    protected void initChannel(Http2StreamChannel ch) {
        stats.h2StreamOpened();
        // A stream's DATA waits in the connection's flow controller while its window is closed; the
        // stream channel counts those bytes as pending, so past the high mark it turns unwritable and
        // its producer pauses, as an HTTP/1.1 stream does when its socket is full.
        ch.config().setWriteBufferWaterMark(waterMark);
        ChannelPipeline p = ch.pipeline();
        p.addLast("codec", new Http2StreamFrameToHttpObjectCodec(true));
        p.addLast("errors", Http2StreamErrors.INSTANCE);
        p.addLast("deadline", new Http2RequestDeadline(requestTimeoutMs));
        p.addLast("aggregator", new BoundedBodyAggregator(limits.maxBodyBytes()));
        p.addLast("cors", CorsResponseHeaders.INSTANCE);
        p.addLast("router", new RequestRouter(routes));
    }
}
