package dev.sluice.gateway.server;

import dev.sluice.gateway.config.ConnectionTimeouts;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.config.HttpLimits;
import dev.sluice.gateway.edge.Http2ConnectionGuard;
import dev.sluice.gateway.edge.TlsHandshakeWatch;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.metrics.OpenConnections;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Builds each accepted connection's pipeline. Plain HTTP/1.1, while it reads requests:
 *
 * <pre>
 *  socket ──────────→ timeouts → decoder → keepAlive → aggregator ──────→ router → (route handler / stream)
 *  socket ← encoder ←─────────────────────── keepAlive ←─────────── cors ← router
 * </pre>
 *
 * and while it streams ({@link Http1Handlers}: the request handlers are out and what the client sends
 * waits in the router, fresh ones come back when a finite stream ends on an open connection; keep-alive
 * and cors leave too once the stream's head has gone through them):
 *
 * <pre>
 *  socket ──────────→ router → (stream)
 *  socket ← encoder ← router
 * </pre>
 *
 * With TLS ({@code --tls-cert}), {@code tls → tlsWatch → alpn} first; once the handshake has chosen a
 * protocol, {@code alpn} is replaced by the HTTP/1.1 handlers above or by HTTP/2's:
 *
 * <pre>
 *  socket ⇄ tls ⇄ tlsWatch ⇄ idle ⇄ h2 (Http2FrameCodec) ⇄ h2streams (Http2MultiplexHandler) → h2guard
 *                                                           └─ one child channel per stream,
 *                                                              built by Http2StreamInitializer
 * </pre>
 *
 * Every channel is added to the connection counter ({@code sluice_connections_open}, not a handler: it
 * would cost each connection a context); the timeout handler sees raw bytes
 * (so it knows when a request starts before the decoder has a whole head) and hears from the router
 * when a request is complete and when the connection is idle. The decoder enforces the request-line
 * and header limits, the aggregator the body limit; the keep-alive handler decides whether the
 * connection survives each response; {@code cors} adds the allowed origin to a response head (the
 * routes decide, see {@code CrossOriginRoutes}). Typed on {@link Channel} rather than a socket channel
 * so tests can run the very same pipeline on an {@code EmbeddedChannel}.
 */
public final class GatewayInitializer extends ChannelInitializer<Channel> {
    /**
     * Rapid reset (CVE-2023-44487): more {@code RST_STREAM}s than this from one client within
     * {@value #RST_WINDOW_SECONDS} s closes its connection with {@code GOAWAY (ENHANCE_YOUR_CALM)}. A
     * browser cancels a stream when a page drops an {@code EventSource} or navigates; two hundred in
     * half a minute is not a page, it is a flood. Netty's own default, set here on purpose.
     */
    private static final int MAX_RST_PER_WINDOW = 200;
    private static final int RST_WINDOW_SECONDS = 30;
    /** Bounds the wait for streams to finish when a connection is closed (they have had their end by then). */
    private static final long H2_CLOSE_GRACE_MS = 5000;

    private final HttpLimits limits;
    private final ConnectionTimeouts timeouts;
    private final OpenConnections connections;
    private final EdgeSetup edge;
    private final TlsHandshakeWatch handshakeWatch;
    private final Http2StreamInitializer streamInitializer;
    private final Http1Handlers http1;

    /** A pipeline with the default timeouts and a connection counter of its own, for tests. */
    public GatewayInitializer(HttpLimits limits, RouteTable routes) {
        this(limits, GatewayConfig.defaults().timeouts(), new OpenConnections(), routes);
    }

    /** @param connections the shared counter every connection of this listener reports to */
    public GatewayInitializer(HttpLimits limits, ConnectionTimeouts timeouts, OpenConnections connections,
            RouteTable routes) {
        this(limits, timeouts, connections, routes, EdgeSetup.plain());
    }

    GatewayInitializer(HttpLimits limits, ConnectionTimeouts timeouts, OpenConnections connections,
            RouteTable routes, EdgeSetup edge) {
        this.limits = limits;
        this.timeouts = timeouts;
        this.connections = connections;
        this.edge = edge;
        this.handshakeWatch = new TlsHandshakeWatch(edge.stats());
        this.streamInitializer = new Http2StreamInitializer(limits, routes, edge.stats(), edge.streamWaterMark(),
                timeouts.requestTimeoutMs());
        this.http1 = new Http1Handlers(limits, timeouts, routes);
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        connections.add(ch);
        if (edge.tls() == null) {
            addHttp1(ch);
            return;
        }
        SslHandler tls = edge.tls().current().newHandler(ch.alloc());
        // A handshake is part of receiving the first request: it gets the request timeout.
        tls.setHandshakeTimeoutMillis(timeouts.requestTimeoutMs());
        p.addLast("tls", tls);
        p.addLast("tlsWatch", handshakeWatch);
        p.addLast("alpn", new NegotiatedProtocol(this));
    }

    /** HTTP/1.1 handlers, after whatever is already in the pipeline. */
    void addHttp1(Channel ch) {
        edge.stats().connectionSpeaks(false);
        http1.addTo(ch.pipeline());
    }

    /**
     * HTTP/2 handlers: the frame codec with the stream and header-list limits and rapid-reset
     * protection, the multiplexer that gives each stream a child channel, and the connection guard. An
     * HTTP/2 connection with no open stream for the idle timeout is closed with {@code GOAWAY}.
     */
    void addHttp2(Channel ch) {
        edge.stats().connectionSpeaks(true);
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(edge.h2MaxConcurrentStreams())
                        .maxHeaderListSize(limits.maxHeaderBytes()))
                .decoderEnforceMaxRstFramesPerWindow(MAX_RST_PER_WINDOW, RST_WINDOW_SECONDS)
                .gracefulShutdownTimeoutMillis(H2_CLOSE_GRACE_MS)
                .build();
        ChannelPipeline p = ch.pipeline();
        p.addLast("idle", new IdleStateHandler(0, 0, timeouts.idleTimeoutMs(), TimeUnit.MILLISECONDS));
        p.addLast("h2", codec);
        p.addLast("h2streams", new Http2MultiplexHandler(streamInitializer));
        p.addLast("h2guard", new Http2ConnectionGuard(edge.stats(), codec));
        edge.h2Connections().add(ch);
    }
}
