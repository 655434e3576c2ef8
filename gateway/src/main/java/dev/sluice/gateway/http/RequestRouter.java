package dev.sluice.gateway.http;

import dev.sluice.gateway.stream.ActiveStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.io.IOException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request of one connection to its route, one at a time.
 *
 * <p>A connection carries at most one stream at a time. Requests pipelined behind a running stream
 * wait here (up to {@value #MAX_WAITING}) and are answered in order when it ends, so responses never
 * interleave. The router also tells the running stream when the client goes away or the channel's
 * writability changes. One instance per connection; not sharable.
 *
 * <p>On an HTTP/1.1 connection the router also tells its {@link ConnectionActivity} when a stream starts
 * and ends, which takes the request-reading handlers out of the pipeline while the stream runs (see
 * {@code Http1Handlers}). What the client sends meanwhile then arrives here as bytes and waits here
 * undecoded, up to {@code maxHeldBytes} (one request's worth; more is not a browser and closes the
 * connection), until the stream ends and the bytes go back through the decoder put back in place. A
 * port hand-over ({@link ConnectionTimeoutHandler#CLOSE_WHEN_IDLE}) arriving meanwhile is remembered
 * for the timeout handler that comes back.
 *
 * <p>When such a stream ends with nothing held, the handlers may stay out until the client sends again
 * ({@link #awaitNextBytes}): nearly every client closes the connection after the stream's last event,
 * and then nothing is put back at all. Meanwhile the router keeps the idle timeout itself (one timer)
 * and closes an idle connection on a hand-over; the client's next bytes cancel the timer and ask the
 * {@link ConnectionActivity} for the handlers ({@link ConnectionActivity#bytesAfterStream}).
 */
public final class RequestRouter extends SimpleChannelInboundHandler<FullHttpRequest> implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RequestRouter.class);

    /** More pipelined requests than this behind one stream is abuse, not a browser. */
    static final int MAX_WAITING = 16;

    private final RouteTable routes;
    private final ConnectionActivity activity;
    private final int maxHeldBytes;
    /**
     * Requests decoded while a stream runs, made on first use: an HTTP/1.1 connection's requests wait
     * undecoded while it streams, so most connections never need one.
     */
    private ArrayDeque<FullHttpRequest> waiting;
    private ChannelHandlerContext ctx;
    private ActiveStream active;
    private boolean dispatching;
    private boolean endedWhileDispatching;
    /** Bytes the client sent while the request handlers were out for a stream, or {@code null}. */
    private ByteBuf held;
    private boolean closeWhenIdle;
    /** The stream has ended and the request handlers stay out until the client sends again. */
    private boolean awaitingBytes;
    /** Closes the connection at the idle timeout while {@link #awaitingBytes}; {@code null} otherwise. */
    private ScheduledFuture<?> idleClose;

    public RequestRouter(RouteTable routes) {
        this(routes, ConnectionActivity.NONE, 0);
    }

    /**
     * @param activity told when a request has arrived, when a stream starts and ends, and when the
     *     connection is idle again (timeouts, the streaming pipeline)
     * @param maxHeldBytes what the client may send while a stream has the request handlers out
     */
    public RequestRouter(RouteTable routes, ConnectionActivity activity, int maxHeldBytes) {
        this.routes = routes;
        this.activity = activity;
        this.maxHeldBytes = maxHeldBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf bytes) {
            // Undecoded: only while a stream has the decoder out of the pipeline (or had it, and ended).
            hold(bytes);
            if (awaitingBytes && held != null && ctx.channel().isActive()) {
                stopAwaiting();
                activity.bytesAfterStream(ctx);
            }
            return;
        }
        super.channelRead(ctx, msg);
    }

    private void hold(ByteBuf bytes) {
        if (!bytes.isReadable()) {
            bytes.release();
            return;
        }
        held = held == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), held, bytes);
        // After a stream's end the bytes go straight to the handlers put back: no cap (a pipelined burst
        // is the decoder's to read, as if the handlers had been there).
        if (!awaitingBytes && held.readableBytes() > maxHeldBytes) {
            log.debug("{}: more than {} bytes sent during a stream, closing", ctx.channel(), maxHeldBytes);
            releaseHeld();
            ctx.close();
        }
    }

    /** What the client sent while a stream had the request handlers out; the caller owns it. */
    public ByteBuf takeHeld() {
        ByteBuf bytes = held;
        held = null;
        return bytes;
    }

    /** Bytes held so far (tests). */
    public int heldBytes() {
        return held == null ? 0 : held.readableBytes();
    }

    /**
     * Leaves the request handlers out after a stream that ended with nothing held: the client's next
     * bytes bring them back, and a connection that sends nothing for {@code idleTimeoutMs} is closed,
     * as the timeout handler would have closed it.
     */
    public void awaitNextBytes(long idleTimeoutMs) {
        stopAwaiting();
        awaitingBytes = true;
        idleClose = ctx.executor().schedule(this, idleTimeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Whether the request handlers are out after a stream until the client sends again (tests). */
    public boolean awaitingBytes() {
        return awaitingBytes;
    }

    /** The idle timeout while {@link #awaitingBytes}: closes without a response, as the timeout handler does. */
    @Override
    public void run() {
        idleClose = null;
        if (awaitingBytes) {
            ctx.close();
        }
    }

    private void stopAwaiting() {
        awaitingBytes = false;
        if (idleClose != null) {
            idleClose.cancel(false);
            idleClose = null;
        }
    }

    /** Whether a port hand-over asked, during a stream, to close the connection once idle. */
    public boolean closeWhenIdleRequested() {
        return closeWhenIdle;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // Reaches the router only while the timeout handler is out for a stream.
        if (evt == ConnectionTimeoutHandler.CLOSE_WHEN_IDLE) {
            if (awaitingBytes) {
                // Idle between requests: close now, after what was written (as the timeout handler does).
                stopAwaiting();
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            closeWhenIdle = true;
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void releaseHeld() {
        ByteBuf bytes = held;
        held = null;
        ReferenceCountUtil.release(bytes);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        activity.requestReceived(ctx);
        if (active != null) {
            if (waiting == null) {
                waiting = new ArrayDeque<>(2);
            }
            if (waiting.size() >= MAX_WAITING) {
                log.debug("{}: more than {} requests pipelined behind a stream, closing", ctx.channel(), MAX_WAITING);
                ctx.close();
                return;
            }
            waiting.add(request.retain());
            return;
        }
        dispatch(request);
        reportIfIdle();
    }

    private void reportIfIdle() {
        if (active == null && (waiting == null || waiting.isEmpty())) {
            activity.idle(ctx);
        }
    }

    private void dispatch(FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            rejectMalformed(request.decoderResult().cause());
            return;
        }
        try {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            Route route = routes.find(uri.path());
            if (route == null) {
                throw new RejectedRequest(HttpResponseStatus.NOT_FOUND, "not_found", "no route for " + uri.path());
            }
            if (!route.methods().contains(request.method())) {
                FullHttpResponse response = JsonResponses.errorResponse(ctx.alloc(),
                        HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                        request.method() + " is not allowed on " + uri.path());
                response.headers().set(HttpHeaderNames.ALLOW, route.allowHeader());
                JsonResponses.send(ctx, response, false);
                return;
            }
            startRoute(route, request, uri);
        } catch (RejectedRequest rejected) {
            JsonResponses.sendError(ctx, rejected.status(), rejected.code(), rejected.getMessage(), false);
        } catch (IllegalArgumentException badUri) {
            JsonResponses.sendError(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "cannot decode the request target", false);
        }
    }

    private void startRoute(Route route, FullHttpRequest request, QueryStringDecoder uri) {
        dispatching = true;
        endedWhileDispatching = false;
        try {
            ActiveStream stream = route.handler().handle(ctx, request, uri, this::streamEnded);
            if (stream != null && !endedWhileDispatching) {
                active = stream;
                activity.streamStarted(ctx);
                // A stream's first write can take the channel over its high water mark while the
                // route is still starting it, before it is active here to hear of the change; tell
                // it now, or its slow-client clock never starts for a client that never reads.
                if (!ctx.channel().isWritable()) {
                    stream.writabilityChanged(false);
                }
            }
        } finally {
            dispatching = false;
        }
    }

    private void rejectMalformed(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            JsonResponses.sendError(ctx, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
                    "request headers are too large", true);
        } else if (cause instanceof TooLongHttpLineException) {
            JsonResponses.sendError(ctx, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request_line_too_long",
                    "request line is too long", true);
        } else if (cause instanceof RejectedRequest rejected) {
            // The gateway's own refusals of a head (RFC 9112 rules): their texts are written for clients.
            JsonResponses.sendError(ctx, rejected.status(), rejected.code(), rejected.getMessage(), true);
        } else {
            // Netty's texts may quote the input or name internals: they go to the log, not to the client.
            log.debug("{}: malformed request: {}", ctx.channel(), cause.toString());
            JsonResponses.sendError(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request",
                    cause instanceof TooLongFrameException ? "a part of the request is too large" : "malformed request",
                    true);
        }
    }

    /** Runs when the active stream has ended; answers what was pipelined behind it. */
    private void streamEnded() {
        if (dispatching) {
            endedWhileDispatching = true;
            return;
        }
        active = null;
        while (active == null && waiting != null && !waiting.isEmpty() && ctx.channel().isActive()) {
            FullHttpRequest next = waiting.poll();
            try {
                dispatch(next);
            } finally {
                next.release();
            }
        }
        reportIfIdle();
        if (active == null && ctx.channel().isActive()) {
            // Last: bytes the client sent during the stream may start the next request (or stream) at once.
            activity.streamEnded(ctx);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (active != null) {
            active.writabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ActiveStream stream = active;
        active = null;
        if (stream != null) {
            stream.clientGone();
        }
        stopAwaiting();
        releaseWaiting();
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopAwaiting();
        releaseWaiting();
        releaseHeld();
    }

    private void releaseWaiting() {
        if (waiting == null) {
            return;
        }
        FullHttpRequest request;
        while ((request = waiting.poll()) != null) {
            request.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A connection closed in the middle of a request (client gone, or closed by a timeout) is routine.
        if (cause instanceof IOException || cause instanceof PrematureChannelClosureException) {
            log.debug("{}: connection error, closing: {}", ctx.channel(), cause.toString());
        } else {
            log.warn("{}: unexpected error, closing", ctx.channel(), cause);
        }
        ctx.close();
    }
}
