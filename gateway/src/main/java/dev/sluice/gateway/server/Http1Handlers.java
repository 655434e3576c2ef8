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
import dev.sluice.gateway.http.StrictHttpRequestDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.ReferenceCountUtil;

/**
 * An HTTP/1.1 connection's handlers, and what happens to them while it streams. Shared by every
 * connection of a listener; per-connection state lives in the handlers it makes.
 *
 * <pre>
 *  reading requests:  … → encoder → timeouts → decoder → keepAlive → aggregator → cors → router
 *  while streaming:   … → encoder ──────────────────────────────────────────────────→ router
 * </pre>
 *
 * <p>A connection spends nearly all its life streaming, and then the timeout handler (nothing to time),
 * the request decoder (its parsers and scratch buffer) and the body aggregator are dead weight: a third
 * of what an open stream costs. When the router starts a stream they leave the pipeline; what the
 * client sends meanwhile reaches the router as bytes and waits there. When the stream ends on an open
 * connection, fresh ones are put back (the idle clock starts again) and the waiting bytes are fed to the
 * new timeout handler and decoder, so pipelined requests are answered in order; when nothing waits, they
 * come back only with the client's next bytes (the router keeps the idle timeout until then), so a
 * client that closes after its stream, as nearly all do, costs no fresh handlers. The keep-alive handler
 * and {@code cors} leave too when the stream's head has already gone through them (the usual case: a
 * new stage stream writes it at once) and the connection is to stay open after it; a stream whose head
 * comes later (a resumed or channel stream answered from another loop) or that ends by closing the
 * connection keeps them. The encoder stays: the stream writes HTTP objects. It sits first, before the
 * inbound-only request handlers (an outbound-only and an inbound-only handler may sit in either order),
 * so that the handlers put back can be fed from its context. An HTTP/2 stream's child channel is not
 * touched (its router has no activity to report to).
 */
final class Http1Handlers implements ConnectionActivity {
    static final String TIMEOUTS = "timeouts";
    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String KEEP_ALIVE = "keepAlive";
    static final String AGGREGATOR = "aggregator";
    static final String CORS = "cors";
    static final String ROUTER = "router";

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
        p.addLast(ENCODER, new HttpResponseEncoder());
        p.addLast(TIMEOUTS, newTimeoutHandler());
        p.addLast(DECODER, newDecoder());
        p.addLast(KEEP_ALIVE, new ResponseKeepAlive());
        p.addLast(AGGREGATOR, newAggregator());
        p.addLast(CORS, CorsResponseHeaders.INSTANCE);
        p.addLast(ROUTER, new RequestRouter(routes, this, maxHeldBytes));
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
     * Runs inside the read that brought the stream's request. Netty's decoder, removed, hands its unread
     * input (a pipelined request's first bytes) on to the router and stops after the message it is
     * delivering; the aggregator has just delivered the request and holds nothing.
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
        p.remove(AGGREGATOR);
        p.remove(DECODER);
        if (headWritten && !keepAlive.closesAfterResponse()) {
            // All they would still do is at the response's end, and that is done in streamEnded.
            p.remove(KEEP_ALIVE);
            p.remove(CORS);
        }
    }

    /**
     * Puts nothing back when the client has sent nothing during the stream: nearly every client closes
     * the connection after a stream's last event, and fresh handlers would be garbage at once. The router
     * keeps the idle timeout meanwhile and asks for the handlers when the client sends again
     * ({@link #bytesAfterStream}). Held bytes or a hand-over put them back now.
     */
    @Override
    public void streamEnded(ChannelHandlerContext router) {
        ChannelPipeline p = router.pipeline();
        if (p.get(DECODER) != null || !(router.handler() instanceof RequestRouter requestRouter)) {
            return;
        }
        if (p.get(KEEP_ALIVE) == null) {
            // What the CORS handler does when a response's last content goes out.
            CorsResponseHeaders.responseEnded(router.channel());
        }
        if (requestRouter.heldBytes() == 0 && !requestRouter.closeWhenIdleRequested()) {
            requestRouter.awaitNextBytes(timeouts.idleTimeoutMs());
            return;
        }
        restore(p, requestRouter);
    }

    @Override
    public void bytesAfterStream(ChannelHandlerContext router) {
        if (router.pipeline().get(DECODER) == null && router.handler() instanceof RequestRouter requestRouter) {
            restore(router.pipeline(), requestRouter);
        }
    }

    /** Puts fresh request handlers back (the idle clock starts again) and feeds them what was held. */
    private void restore(ChannelPipeline p, RequestRouter requestRouter) {
        if (p.get(KEEP_ALIVE) == null) {
            p.addBefore(ROUTER, KEEP_ALIVE, new ResponseKeepAlive());
            p.addBefore(ROUTER, AGGREGATOR, newAggregator());
            p.addBefore(ROUTER, CORS, CorsResponseHeaders.INSTANCE);
        } else {
            p.addAfter(KEEP_ALIVE, AGGREGATOR, newAggregator());
        }
        ConnectionTimeoutHandler timeoutHandler = newTimeoutHandler();
        p.addAfter(ENCODER, TIMEOUTS, timeoutHandler);
        p.addAfter(TIMEOUTS, DECODER, newDecoder());
        ByteBuf held = requestRouter.takeHeld();
        if (requestRouter.closeWhenIdleRequested()) {
            // A port hand-over: close now that the stream is over; what was pipelined goes with the
            // connection (RFC 9112 section 9.3.1: the client retries it).
            ReferenceCountUtil.release(held);
            timeoutHandler.closeWhenIdle();
        } else if (held != null) {
            // As if just received: the timeout handler (request timeout from now) and the decoder see it.
            p.context(ENCODER).fireChannelRead(held);
            p.context(ENCODER).fireChannelReadComplete();
        }
    }
}
