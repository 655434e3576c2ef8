package dev.sluice.gateway.server;

import dev.sluice.gateway.config.ConnectionTimeouts;
import dev.sluice.gateway.config.HttpLimits;
import dev.sluice.gateway.edge.CorsResponseHeaders;
import dev.sluice.gateway.http.BoundedBodyAggregator;
import dev.sluice.gateway.http.ConnectionActivity;
import dev.sluice.gateway.http.ConnectionTimeoutHandler;
import dev.sluice.gateway.http.RequestRouter;
import dev.sluice.gateway.http.ResponseKeepAlive;
import dev.sluice.gateway.http.RouteTable;
import dev.sluice.gateway.http.StreamingInput;
import dev.sluice.gateway.http.StrictHttpRequestDecoder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * An HTTP/1.1 connection's handlers, and what happens to them while it streams. Shared by every
 * connection of a listener; per-connection state lives in the handlers it makes.
 *
 * <pre>
 *  reading requests:  … → timeouts → decoder → encoder → keepAlive → aggregator → cors → router
 *  while streaming:   … → streaming ─────────→ encoder ───────────────────────────────→ router
  * </pre>
 *
 * <p>A connection spends nearly all its life streaming, and then the timeout handler (nothing to time),
 * the request decoder (its parsers and scratch buffer) and the body aggregator are dead weight: about
 * half of what an open stream costs besides the socket itself. When the router starts a stream they
 * are replaced by one {@link StreamingInput}, which keeps what the client sends meanwhile; when the
 * stream ends on an open connection, fresh ones are put back (the idle clock starts again) and the
 * kept bytes are handed to the new decoder. The keep-alive handler and {@code cors} leave too when the
 * stream's head has already gone through them (the usual case: a new stage stream writes it at once);
 * a stream whose head comes later (a resumed or channel stream answered from another loop) keeps them
 * until it ends. The encoder stays: the stream writes HTTP objects. An HTTP/2 stream's child channel is
 * not touched (its router has no activity to report to).
 */
final class Http1Handlers implements ConnectionActivity {
    static final String TIMEOUTS = "timeouts";
    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String KEEP_ALIVE = "keepAlive";
    static final String AGGREGATOR = "aggregator";
    static final String CORS = "cors";
    static final String ROUTER = "router";
    static final String STREAMING = "streaming";

    /** Body chunks are aggregated anyway; this only bounds each decoded piece. */
    private static final int MAX_CHUNK_BYTES = 8192;

    private final HttpLimits limits;
    private final ConnectionTimeouts timeouts;
    private final RouteTable routes;
    /** One request's worth: what a client may pipeline behind a running stream. */
    private final int maxHeldBytes;

    Http1Handlers(HttpLimits limits, ConnectionTimeouts timeouts, RouteTable routes) {
        this.limits = limits;
        this.timeouts = timeouts;
        this.routes = routes;
        this.maxHeldBytes = limits.maxRequestLineBytes() + limits.maxHeaderBytes() + limits.maxBodyBytes();
    }

    /** Adds the handlers of a connection that reads requests, after whatever is in {@code p} already. */
    void addTo(ChannelPipeline p) {
        p.addLast(TIMEOUTS, newTimeoutHandler());
        p.addLast(DECODER, newDecoder());
        p.addLast(ENCODER, new HttpResponseEncoder());
        p.addLast(KEEP_ALIVE, new ResponseKeepAlive());
        p.addLast(AGGREGATOR, newAggregator());
        p.addLast(CORS, CorsResponseHeaders.INSTANCE);
        p.addLast(ROUTER, new RequestRouter(routes, this));
    }

    private ConnectionTimeoutHandler newTimeoutHandler() {
        return new ConnectionTimeoutHandler(timeouts.requestTimeoutMs(), timeouts.idleTimeoutMs());
    }

    private StrictHttpRequestDecoder newDecoder() {
        return new StrictHttpRequestDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(MAX_CHUNK_BYTES)
                // Netty 4.2's default, set here on purpose: a bare LF line ending is a smuggling vector.
                .setStrictLineParsing(true));
    }

    private BoundedBodyAggregator newAggregator() {
        return new BoundedBodyAggregator(limits.maxBodyBytes());
    }

    @Override
    public void requestReceived(ChannelHandlerContext router) {
        ConnectionTimeoutHandler timeoutHandler = timeoutHandler(router);
        if (timeoutHandler != null) {
            timeoutHandler.requestReceived();
        }
    }

    @Override
    public void idle(ChannelHandlerContext router) {
        ConnectionTimeoutHandler timeoutHandler = timeoutHandler(router);
        if (timeoutHandler != null) {
            timeoutHandler.idle();
        }
    }

    private static ConnectionTimeoutHandler timeoutHandler(ChannelHandlerContext router) {
        ChannelHandler handler = router.pipeline().get(TIMEOUTS);
        return handler instanceof ConnectionTimeoutHandler timeoutHandler ? timeoutHandler : null;
    }

    /**
     * Runs inside the read that brought the stream's request: the decoder is replaced (Netty hands its
     * unread input, a pipelined request's first bytes, to the handler taking its place) and stops after
     * the message it is delivering; the aggregator has just delivered the request and holds nothing. When
     * the stream's head has gone out already (a new stage stream writes it at once), the keep-alive and
     * CORS handlers have done their part too: they leave as well, and what they would do at the
     * response's end is done in {@link #streamEnded}.
     */
    @Override
    public void streamStarted(ChannelHandlerContext router) {
        ChannelPipeline p = router.pipeline();
        if (p.get(DECODER) == null) {
            return;
        }
        ResponseKeepAlive keepAlive = (ResponseKeepAlive) p.get(KEEP_ALIVE);
        boolean headWritten = keepAlive.responseUnderway();
        p.remove(TIMEOUTS);
        p.replace(DECODER, STREAMING, new StreamingInput(maxHeldBytes, headWritten && keepAlive.closesAfterResponse()));
        p.remove(AGGREGATOR);
        if (headWritten) {
            p.remove(KEEP_ALIVE);
            p.remove(CORS);
        }
    }

    @Override
    public void streamEnded(ChannelHandlerContext router) {
        ChannelPipeline p = router.pipeline();
        if (!(p.get(STREAMING) instanceof StreamingInput input)) {
            return;
        }
        if (p.get(KEEP_ALIVE) == null) {
            // What the keep-alive and CORS handlers do when a response's last content goes out.
            CorsResponseHeaders.responseEnded(router.channel());
            if (input.closeAfterStream()) {
                // After the last chunk (writes complete in order); what the client sent is dropped with
                // the connection, as the keep-alive handler's close would.
                router.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        ConnectionTimeoutHandler timeoutHandler = newTimeoutHandler();
        p.addAfter(STREAMING, TIMEOUTS, timeoutHandler);
        p.addAfter(TIMEOUTS, DECODER, newDecoder());
        if (p.get(KEEP_ALIVE) == null) {
            p.addBefore(ROUTER, KEEP_ALIVE, new ResponseKeepAlive());
            p.addBefore(ROUTER, AGGREGATOR, newAggregator());
            p.addBefore(ROUTER, CORS, CorsResponseHeaders.INSTANCE);
        } else {
            p.addAfter(KEEP_ALIVE, AGGREGATOR, newAggregator());
        }
        boolean closeWhenIdle = input.closeWhenIdle();
        // Hands what the client sent during the stream to the new timeout handler and decoder.
        p.remove(input);
        if (closeWhenIdle) {
            timeoutHandler.closeWhenIdle();
        }
    }
}
