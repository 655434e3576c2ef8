package dev.sluice.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that holds the gateway without progress (SPEC section 5, "request read timeout,
 * idle timeout"):
 *
 * <ul>
 *   <li>a request not fully received (headers and body) within the request timeout of its first byte
 *       gets {@code 408} and the connection is closed: a slowloris client trickling headers, or a
 *       body that never finishes, holds a connection for that long and no longer;</li>
 *   <li>a keep-alive connection with no request and no answer in progress is closed after the idle
 *       timeout, without a response (RFC 9112 section 9.8 lets a server close an idle connection).</li>
 * </ul>
 *
 * <p>While a response or a stream is being written neither applies: a stream is never cut by these
 * timeouts (streams have a maximum duration of their own).
 *
 * <p>The handler sits before the HTTP decoder (first of the inbound handlers), so it sees a request's first
 * byte arrive even though the decoder emits nothing until the headers are complete; the router tells
 * it (through its {@link ConnectionActivity}) when a request is complete and when the connection is idle
 * again. Bytes of a request pipelined behind a running answer are not timed until that answer ends; a
 * connection left with such a partial request is closed by the idle timeout. While a stream runs the
 * handler is not in the pipeline at all (nothing to time); after it, the router keeps the idle clock
 * ({@link RequestRouter#awaitNextBytes}) until the client sends again and a fresh handler comes back.
 *
 * <p>Like Netty's {@code IdleStateHandler}, it keeps at most one scheduled task per connection and
 * moves a deadline field on each transition: when the task fires early it re-arms for the remaining
 * time, so a keep-alive connection serving many short requests schedules one task per idle period,
 * not one per request. One instance per connection; not sharable.
 */
public final class ConnectionTimeoutHandler extends ChannelInboundHandlerAdapter implements Runnable {

    private enum State {
        /** Waiting for the first byte of a request. */
        IDLE,
        /** Some bytes of a request have arrived, not all of it. */
        READING,
        /** A request has been received and its answer is being written. */
        BUSY
    }

    /**
     * Fired at every connection when a sibling process takes over the port ({@code --reuse-port}
     * restart): an idle keep-alive connection is closed now and a busy one as soon as its answer is
     * written, so that the client's next request opens a connection to the new process instead of
     * getting a 503 from this draining one (RFC 9112 section 9.6: clients retry a request on a
     * connection closed while idle).
     */
    public static final Object CLOSE_WHEN_IDLE = new Object() {
        @Override
        public String toString() {
            return "CLOSE_WHEN_IDLE";
        }
    };

    private final long requestTimeoutNanos;
    private final long idleTimeoutNanos;
    private ChannelHandlerContext ctx;
    private Ticker ticker;
    private State state = State.IDLE;
    private long deadlineNanos;
    private ScheduledFuture<?> timer;
    private long timerDueNanos;
    private boolean closed;
    private boolean closeWhenIdle;

    public ConnectionTimeoutHandler(long requestTimeoutMs, long idleTimeoutMs) {
        if (requestTimeoutMs <= 0 || idleTimeoutMs <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        this.requestTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.ticker = ctx.executor().ticker();
        if (ctx.channel().isActive()) {
            idle();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        idle();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.IDLE && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            state = State.READING;
            armFor(ticker.nanoTime() + requestTimeoutNanos);
        }
        ctx.fireChannelRead(msg);
    }

    /** A whole request (headers and body) has been received; its answer is under way. */
    public void requestReceived() {
        state = State.BUSY;
    }

    /** Every answer has been written and no stream runs: the idle clock starts. */
    public void idle() {
        state = State.IDLE;
        if (closeWhenIdle) {
            closeAfterWrites();
            return;
        }
        armFor(ticker.nanoTime() + idleTimeoutNanos);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt != CLOSE_WHEN_IDLE) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        closeWhenIdle();
    }

    /** What {@link #CLOSE_WHEN_IDLE} asks: close now if idle, else once the answer in progress is written. */
    public void closeWhenIdle() {
        closeWhenIdle = true;
        if (state == State.IDLE) {
            closeAfterWrites();
        }
    }

    /** Closes once everything written before has gone out (an empty write completes after them). */
    private void closeAfterWrites() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void armFor(long deadline) {
        if (closed) {
            return; // a stream ending because its client left must not leave a task behind
        }
        deadlineNanos = deadline;
        if (timer != null && timerDueNanos <= deadline) {
            return; // the pending task fires first and re-arms for the rest
        }
        if (timer != null) {
            timer.cancel(false);
        }
        schedule(deadline);
    }

    private void schedule(long due) {
        timerDueNanos = due;
        timer = ctx.executor().schedule(this, due - ticker.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        timer = null;
        if (state == State.BUSY || !ctx.channel().isActive()) {
            return;
        }
        if (ticker.nanoTime() < deadlineNanos) {
            schedule(deadlineNanos);
            return;
        }
        if (state == State.READING) {
            state = State.BUSY;
            FullHttpResponse timeout = JsonResponses.requestTimeout(ctx.alloc(),
                    TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos));
            timeout.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            // From the tail, so the response goes through the encoder that sits after this handler.
            ctx.channel().writeAndFlush(timeout).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void cancel() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
