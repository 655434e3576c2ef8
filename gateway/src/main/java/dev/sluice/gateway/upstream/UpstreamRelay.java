package dev.sluice.gateway.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import dev.sluice.gateway.sse.SseEvent;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stream.ActiveStream;
import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamWatch;
import dev.sluice.gateway.stream.TimedStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.pool.ChannelPool;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays one client request to its upstream and the upstream's answer back as SSE (SPEC section 4).
 *
 * <p><b>One loop, no locks.</b> The upstream connection comes from the client's own event loop's pool
 * ({@link UpstreamPools}), so the client channel, the upstream channel, the timers and this object are
 * all used by one thread.
 *
 * <p><b>Order of events.</b> The response head, the {@code retry} hint and {@code event: stage}
 * {@code accepted} (seq 1) are flushed before the upstream is even connected. Then the upstream's
 * answer is translated by content type ({@link UpstreamBody}); any failure ends the stream with one
 * {@code event: error} ({@link UpstreamError} codes) and the last chunk, so the client's connection
 * stays usable.
 *
 * <p><b>Back-pressure.</b> The upstream channel runs with auto-read off, as in Netty's proxy example:
 * after each upstream read the events it produced are flushed to the client, and the next upstream
 * read is requested only when that write has completed and the client channel is writable. So the
 * gateway holds at most one read's worth of events per stream, however slowly the client reads; a
 * stalled client stalls the upstream's socket, and TCP pushes back on the app server.
 *
 * <p><b>Cancellation.</b> When the client leaves, the upstream connection is closed at once (never
 * pooled), so the app server sees its request aborted. When the upstream finishes, the last chunk is
 * written and the connection goes back to the pool if the response allows keep-alive.
 *
 * <p><b>Hold.</b> An answer with {@code Sluice-Hold: stream} or {@code Grip-Hold: stream} (SPEC section 10,
 * {@link HoldInstruction}) has its body relayed as events like any other, but its end does not end the
 * stream: the upstream connection goes back to the pool at once and the client's connection is handed to
 * a subscription to the named channel ({@link ChannelHold}), which this relay forwards the router's calls
 * to from then on. The app server thus holds nothing for a waiting client.
 *
 * <p><b>Timeouts.</b> Connecting is bounded by the pool's connect timeout. Waiting for the response head
 * and, afterwards, for more body bytes is bounded by one timer that runs only while a read is
 * outstanding; time spent paused for a slow client is not upstream silence. Heartbeats, the slow-client
 * policy, the duration limit and shutdown come from the stream's {@link StreamWatch}.
 */
public final class UpstreamRelay implements ActiveStream, TimedStream, EventSink {
    private static final Logger log = LoggerFactory.getLogger(UpstreamRelay.class);

    private final ChannelHandlerContext ctx;
    private final UpstreamRoute route;
    private final UpstreamPools pools;
    private final UpstreamLimits limits;
    private final SseEventEncoder encoder;
    private final JsonFactory json;
    private final StreamHandle stream;
    private final UpstreamStats.Route stats;
    private final Runnable onEnd;
    private final Ticker ticker;
    private final ChannelHold holds;

    /** The request to send; owned here until written or released. */
    private FullHttpRequest request;
    private StreamWatch watch;
    private ChannelPool pool;
    private Channel upstream;
    private UpstreamBody body;
    /** What the upstream's answer asked for instead of an answer (SPEC section 10), or {@code null}. */
    private HoldInstruction hold;
    /** The channel subscription the stream was handed to once the upstream's held answer ended. */
    private ActiveStream heldBy;
    private boolean keepAlive;
    private boolean headSeen;
    /** An informational (1xx) response is being skipped; the real one follows. */
    private boolean informational;
    private int seq;
    private long startNanos;
    private long sentNanos;
    /** Whether an upstream read is outstanding, and since when: the timeouts' clock. */
    private boolean waitingForUpstream;
    private long waitingSinceNanos;
    private boolean pausedForClient;
    private ScheduledFuture<?> timeout;
    /** The last event written to the client since the previous flush. */
    private ChannelFuture lastWrite;
    private boolean ended;

    UpstreamRelay(ChannelHandlerContext ctx, UpstreamRoute route, UpstreamPools pools, UpstreamLimits limits,
            SseEventEncoder encoder, JsonFactory json, StreamHandle stream, UpstreamStats.Route stats,
            FullHttpRequest request, ChannelHold holds, Runnable onEnd) {
        this.ctx = ctx;
        this.holds = holds;
        this.route = route;
        this.pools = pools;
        this.limits = limits;
        this.encoder = encoder;
        this.json = json;
        this.stream = stream;
        this.stats = stats;
        this.request = request;
        this.onEnd = onEnd;
        this.ticker = ctx.executor().ticker();
    }

    /**
     * Flushes the head, the retry hint and {@code accepted}, then asks the pool for a connection in a task
     * of its own. The loop runs tasks only after it has handled every socket that was ready, so the
     * {@code accepted} of every request read in the same pass leaves before any of them pays for an
     * upstream connect (a new socket, its registration, its pipeline): a burst of arrivals does not
     * queue each client's first event behind the connects of the requests read before it.
     */
    void start(HttpResponse head, long retryMs) {
        startNanos = ticker.nanoTime();
        ctx.write(head, ctx.voidPromise());
        ByteBuf opening = ctx.alloc().ioBuffer(192);
        int acceptedBytes;
        try {
            acceptedBytes = AcceptedEvent.write(opening, retryMs, stream.id(), encoder);
        } catch (RuntimeException e) {
            opening.release();
            throw e;
        }
        nextSeq();
        stream.eventSent(acceptedBytes);
        ctx.write(new DefaultHttpContent(opening), ctx.voidPromise());
        ctx.flush();
        watch = stream.watch(ctx.channel(), this);
        stats.requestForwarded();
        ctx.executor().execute(this::acquireUpstream);
    }

    private void acquireUpstream() {
        if (ended) {
            // The client left (or the stream ended) before its turn: no connection is taken.
            return;
        }
        pool = pools.pool(ctx.channel().eventLoop(), route.target().address());
        Future<Channel> acquired = pool.acquire();
        if (acquired.isDone()) {
            connected(acquired);
        } else {
            acquired.addListener(this::connected);
        }
    }

    private void connected(Future<? super Channel> acquired) {
        if (!acquired.isSuccess()) {
            Throwable cause = acquired.cause();
            if (cause instanceof ConnectTimeoutException) {
                fail(UpstreamError.UPSTREAM_TIMEOUT, "could not connect to the upstream within "
                        + limits.connectTimeoutMs() + " ms", cause);
            } else if (cause instanceof TimeoutException && pools.bounded()) {
                // FixedChannelPool's acquire timeout: every allowed connection stayed in use.
                fail(UpstreamError.UPSTREAM_TIMEOUT, "no upstream connection became free within "
                        + limits.connectTimeoutMs() + " ms (connection limit reached)", cause);
            } else if (cause instanceof IllegalStateException && pools.bounded()) {
                // FixedChannelPool refuses an acquire beyond its bound on waiting requests.
                fail(UpstreamError.UPSTREAM_UNAVAILABLE,
                        "too many requests are waiting for an upstream connection", cause);
            } else {
                fail(UpstreamError.UPSTREAM_UNAVAILABLE, "could not connect to the upstream", cause);
            }
            return;
        }
        Channel ch = (Channel) acquired.getNow();
        if (ended) {
            // The client left while we were connecting or waiting: the app server must not start the
            // work. Nothing was sent, so the connection is as good as unused and goes back to the pool.
            pool.release(ch);
            return;
        }
        upstream = ch;
        PooledConnectionHandler.of(ch).attach(this);
        FullHttpRequest toSend = request;
        request = null;
        sentNanos = ticker.nanoTime();
        ch.writeAndFlush(toSend).addListener((ChannelFuture written) -> {
            if (!written.isSuccess() && written.channel() == upstream) {
                fail(UpstreamError.UPSTREAM_RESET, "could not send the request to the upstream", written.cause());
            }
        });
        readUpstream();
    }

    /** Asks the upstream for more, and starts the clock on its answer. */
    private void readUpstream() {
        waitingForUpstream = true;
        waitingSinceNanos = ticker.nanoTime();
        if (timeout == null) {
            timeout = ctx.executor().schedule(this::checkTimeout, currentLimitNanos(), TimeUnit.NANOSECONDS);
        }
        upstream.read();
    }

    private long currentLimitNanos() {
        return TimeUnit.MILLISECONDS.toNanos(headSeen ? limits.idleTimeoutMs() : limits.firstByteTimeoutMs());
    }

    /**
     * One timer per stream, re-armed for the remaining time rather than rescheduled on every read (the
     * {@code IdleStateHandler} technique): reads only move a timestamp.
     */
    private void checkTimeout() {
        timeout = null;
        if (ended || !waitingForUpstream) {
            return;
        }
        long waited = ticker.nanoTime() - waitingSinceNanos;
        long limit = currentLimitNanos();
        if (waited >= limit) {
            fail(UpstreamError.UPSTREAM_TIMEOUT, headSeen
                    ? "upstream sent nothing for " + limits.idleTimeoutMs() + " ms"
                    : "upstream did not answer within " + limits.firstByteTimeoutMs() + " ms");
        } else {
            timeout = ctx.executor().schedule(this::checkTimeout, limit - waited, TimeUnit.NANOSECONDS);
        }
    }

    void upstreamHead(HttpResponse response) {
        if (ended) {
            return;
        }
        waitingForUpstream = false;
        if (response.decoderResult().isFailure()) {
            Throwable cause = response.decoderResult().cause();
            if (cause instanceof PrematureChannelClosureException) {
                fail(UpstreamError.UPSTREAM_RESET, "upstream closed the connection before answering");
            } else {
                fail(UpstreamError.UPSTREAM_PROTOCOL, "the upstream's response head is not valid HTTP", cause);
            }
            return;
        }
        int code = response.status().code();
        if (code >= 100 && code < 200) {
            informational = true;
            return;
        }
        headSeen = true;
        stats.firstByte(ticker.nanoTime() - sentNanos);
        if (code < 200 || code >= 300) {
            fail(UpstreamError.UPSTREAM_STATUS, "upstream answered " + response.status());
            return;
        }
        String contentType = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        try {
            hold = HoldInstruction.from(response.headers());
        } catch (UpstreamProtocolException e) {
            fail(UpstreamError.UPSTREAM_PROTOCOL, e.getMessage());
            return;
        }
        body = hold == null
                ? UpstreamBody.forContentType(contentType, this, json, limits.maxEventBytes())
                : UpstreamBody.forHeldAnswer(contentType, this, json, limits.maxEventBytes());
        if (body == null) {
            log.debug("{} {}: upstream content type {}", stream.id(), route.path(), contentType);
            fail(UpstreamError.UPSTREAM_PROTOCOL, "the upstream's content type cannot be relayed"
                    + " (expected text/event-stream, application/x-ndjson or application/json)");
            return;
        }
        keepAlive = HttpUtil.isKeepAlive(response);
    }

    void upstreamContent(HttpContent content) {
        if (ended) {
            return;
        }
        waitingForUpstream = false;
        if (content.decoderResult().isFailure()) {
            fail(UpstreamError.UPSTREAM_PROTOCOL, "the upstream's response body is not valid HTTP",
                    content.decoderResult().cause());
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (informational) {
            informational = !last;
            return;
        }
        try {
            body.content(content.content());
            if (last) {
                body.end();
                if (hold != null) {
                    handOffToChannel();
                } else {
                    complete();
                }
            }
        } catch (UpstreamProtocolException e) {
            fail(UpstreamError.UPSTREAM_PROTOCOL, e.getMessage());
        } catch (UncheckedIOException e) {
            fail(UpstreamError.UPSTREAM_PROTOCOL, "the upstream sent invalid JSON", e.getCause());
        }
    }

    /** The upstream read is done: flush what it produced and read on once the client has taken it. */
    void upstreamReadComplete() {
        if (ended) {
            return;
        }
        ChannelFuture written = lastWrite;
        if (written != null) {
            lastWrite = null;
            ctx.flush();
            written.addListener(this::clientTookBatch);
        } else if (!waitingForUpstream) {
            // The read gave only a head or part of an event: nothing to wait for on the client side.
            readUpstreamWhenClientKeepsUp();
        }
    }

    private void clientTookBatch(Future<? super Void> written) {
        // A failed write means the client connection is going away; clientGone() follows.
        if (written.isSuccess() && !ended) {
            readUpstreamWhenClientKeepsUp();
        }
    }

    private void readUpstreamWhenClientKeepsUp() {
        if (ctx.channel().isWritable()) {
            readUpstream();
        } else {
            pausedForClient = true;
        }
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (heldBy != null) {
            heldBy.writabilityChanged(writable);
            return;
        }
        if (watch != null) {
            watch.writabilityChanged(writable);
        }
        if (writable && pausedForClient && !ended) {
            pausedForClient = false;
            readUpstream();
        }
    }

    void upstreamClosed() {
        if (!ended) {
            fail(UpstreamError.UPSTREAM_RESET, headSeen
                    ? "upstream closed the connection in the middle of its answer"
                    : "upstream closed the connection without answering");
        }
    }

    void upstreamFailed(Throwable cause) {
        if (!ended) {
            // The socket's own text ("recvAddress(..) failed with error(-104): ...") is for the log only.
            if (cause instanceof IOException) {
                fail(UpstreamError.UPSTREAM_RESET, "the upstream connection was reset", cause);
            } else {
                fail(UpstreamError.UPSTREAM_PROTOCOL, "the upstream connection failed", cause);
            }
        }
    }

    // ---- EventSink: what UpstreamBody produces ----

    @Override
    public void event(SseEvent event) {
        if (!ended) {
            try {
                writeEvent(event);
            } catch (UncheckedIOException invalid) {
                // Upstream JSON is checked as it is encoded, after the event took its number; it was
                // never sent, so the number goes back and the error event that follows uses it.
                seq--;
                throw invalid;
            }
            stats.eventRelayed();
        }
    }

    @Override
    public void framedEvent(byte[] framed, int length) {
        if (!ended) {
            ByteBuf encoded = ctx.alloc().ioBuffer(length);
            encoded.writeBytes(framed, 0, length);
            write(encoded);
            stats.eventRelayed();
        }
    }

    @Override
    public void retry(long millis) {
        if (!ended) {
            ctx.write(new DefaultHttpContent(encoder.retry(ctx.alloc(), millis)), ctx.voidPromise());
        }
    }

    @Override
    public int nextSeq() {
        return ++seq;
    }

    @Override
    public String streamId() {
        return stream.id();
    }

    @Override
    public long elapsedMs() {
        return TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime() - startNanos);
    }

    private void writeEvent(SseEvent event) {
        write(encoder.encode(ctx.alloc(), event));
    }

    private void write(ByteBuf encoded) {
        stream.eventSent(encoded.readableBytes());
        lastWrite = ctx.write(new DefaultHttpContent(encoded));
        if (watch != null) {
            watch.wrote();
        }
    }

    // ---- Ends ----

    private void complete() {
        ended = true;
        releaseHeld();
        ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
        ctx.flush();
        lastWrite = null;
        releaseUpstream(keepAlive);
        finish(StreamOutcome.COMPLETED);
    }

    /**
     * The held answer has been relayed whole: the upstream connection goes back to the pool at once (the
     * app server keeps nothing for this client), and the client's connection is handed to a subscription
     * to the channel the answer named. From here on this relay only forwards the router's calls.
     */
    private void handOffToChannel() {
        ended = true;
        releaseHeld();
        lastWrite = null;
        releaseUpstream(keepAlive);
        stats.held();
        heldBy = holds.subscribe(ctx, hold.channel(), stream, onEnd);
        // Flushed only now, with the subscription already on its way to the channel: a publisher that
        // waits for the client to see the answer's body cannot publish before the client is subscribed.
        ctx.flush();
    }

    /**
     * Ends the stream with an {@code error} event. {@code message} is what the client reads: a short
     * text of the gateway's own; {@code cause} (the exception text, the upstream's address) goes to
     * the log only.
     */
    private void fail(UpstreamError error, String message, Throwable cause) {
        if (!ended) {
            log.debug("{} {} ({}): {}", stream.id(), route.path(), route.target().display(), cause.toString());
        }
        fail(error, message);
    }

    private void fail(UpstreamError error, String message) {
        if (ended) {
            return;
        }
        log.debug("{} {}: {} ({})", stream.id(), route.path(), error.code(), message);
        stats.failed(error);
        endWithError(error.code(), message, StreamOutcome.ERROR);
    }

    private void endWithError(String code, String message, StreamOutcome outcome) {
        ended = true;
        releaseHeld();
        releaseUpstream(false);
        writeEvent(SseEvent.error(Integer.toString(nextSeq()), stream.id(), code, message));
        ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
        ctx.flush();
        lastWrite = null;
        finish(outcome);
    }

    @Override
    public void clientGone() {
        if (heldBy != null) {
            heldBy.clientGone();
            return;
        }
        abort(StreamOutcome.CLIENT_GONE, false);
    }

    @Override
    public void heartbeatDue() {
        if (!ended) {
            ctx.writeAndFlush(new DefaultHttpContent(encoder.comment(ctx.alloc(), "ping")), ctx.voidPromise());
        }
    }

    @Override
    public void slowClientTimedOut() {
        abort(StreamOutcome.SLOW_CLIENT, true);
    }

    /** Ends the stream without a final event: the client is gone or is being dropped. */
    private void abort(StreamOutcome outcome, boolean closeClient) {
        if (ended) {
            return;
        }
        ended = true;
        releaseHeld();
        releaseUpstream(false);
        lastWrite = null;
        if (closeClient) {
            ctx.close();
        }
        finish(outcome);
    }

    @Override
    public void maxDurationReached() {
        if (!ended) {
            endWithError("max_duration", "the stream reached the gateway's maximum duration", StreamOutcome.ERROR);
        }
    }

    @Override
    public void shutdown(long retryHintMs) {
        if (!ended) {
            ctx.write(new DefaultHttpContent(encoder.retry(ctx.alloc(), retryHintMs)), ctx.voidPromise());
            endWithError("shutdown", "the gateway is shutting down; reconnect", StreamOutcome.DRAINED);
        }
    }

    private void releaseHeld() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        if (watch != null) {
            watch.cancel();
        }
        if (request != null) {
            request.release();
            request = null;
        }
    }

    /**
     * Gives the upstream connection back to the pool when the response ended cleanly and allows
     * keep-alive; closes it otherwise, which is how the app server learns the client has gone.
     */
    private void releaseUpstream(boolean reusable) {
        Channel ch = upstream;
        upstream = null;
        if (ch == null) {
            return;
        }
        PooledConnectionHandler handler = PooledConnectionHandler.of(ch);
        if (handler != null) {
            handler.detach();
        }
        if (reusable && ch.isActive()) {
            pool.release(ch);
        } else {
            // Released once closed, so the pool neither reuses it nor keeps counting it against the
            // connection cap (a capped pool only frees a slot on release).
            ChannelPool owner = pool;
            ch.close().addListener(closed -> owner.release(ch));
        }
    }

    private void finish(StreamOutcome outcome) {
        if (stream.end(outcome)) {
            onEnd.run();
        }
    }
}
