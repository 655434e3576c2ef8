package dev.sluice.gateway.metrics;

import dev.sluice.gateway.http.JsonResponses;
import dev.sluice.gateway.http.Route;
import dev.sluice.gateway.http.RouteHandler;
import dev.sluice.gateway.stream.ActiveStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Answers {@code GET /metrics} with the Prometheus text exposition format (version 0.0.4) of the
 * gateway's registry. A scrape samples every series on the event loop of the scraping connection;
 * it reads adders and JVM management beans and takes well under a millisecond, so it needs no
 * thread of its own. The body is written straight into a pooled buffer.
 */
public final class MetricsRoute implements RouteHandler {
    public static final String PATH = "/metrics";

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public MetricsRoute(PrometheusRegistry registry) {
        this.registry = registry;
    }

    /** The {@code /metrics} route over {@code registry}. */
    public static Route route(PrometheusRegistry registry) {
        return new Route(PATH, Set.of(HttpMethod.GET), new MetricsRoute(registry));
    }

    @Override
    public ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri,
            Runnable onEnd) {
        ByteBuf body = ctx.alloc().buffer(16 * 1024);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            writer.write(out, registry.scrape());
        } catch (IOException | RuntimeException e) {
            body.release();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, writer.getContentType())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        JsonResponses.send(ctx, response, false);
        return null;
    }
}
