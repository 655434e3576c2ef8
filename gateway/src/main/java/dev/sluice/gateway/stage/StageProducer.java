package dev.sluice.gateway.stage;

import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stream.ActiveStream;
import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamWatch;
import dev.sluice.gateway.stream.TimedStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * Runs one chat stream through its {@link StagePlan} on the channel's event loop (SPEC section 3).
 *
 * <p>The first stage event is written and flushed with the response head. Each later event is
 * scheduled with {@code ctx.executor().schedule(...)} for its due time, measured from the stream's
 * start (so a late event does not push every later one back). Each write is flushed at once; the
 * {@code complete} event carries how long each stage actually took and is followed by the last chunk.
 *
 * <p>Events that are due at the same moment (zero-delay stages, or a loop that ran late) go out
 * together: one task run writes every event already due, up to {@value #MAX_BATCH}, each still its
 * own {@link DefaultHttpContent}, and flushes once. Each of them is flushed the moment it exists,
 * since none of them exists before that run; batching only saves the task and the {@code writev}
 * per event that flushing them one by one would cost. The bound keeps one fast stream from holding
 * its event loop: after a full batch the rest waits behind whatever else the loop has queued.
 *
 * <p>While the channel is not writable the producer does not write: the due event waits until
 * {@link #writabilityChanged} reports the client has caught up, so a slow reader cannot make the
 * gateway queue events without bound. When the client leaves, the pending task is cancelled; the
 * producer holds no buffers between events, so nothing else needs releasing.
 *
 * <p>The stream's {@link StreamWatch} sends a {@code : ping} comment when a stage takes longer than
 * the heartbeat interval, closes a client that stays unwritable past the slow-client timeout, ends a
 * stream that outlives the maximum duration with an {@code error} event, and at shutdown ends it with
 * a {@code retry:} hint and an {@code error} event. Those calls run on this stream's event loop
 * between its events, so a final event never lands inside another.
 */
public final class StageProducer implements ActiveStream, Runnable, TimedStream {
    static final String MAX_DURATION = "max_duration";
    static final String SHUTDOWN = "shutdown";
    /** Most events written in one task run, about 10 KB for typical stage events. */
    static final int MAX_BATCH = 64;
    /** Room for one typical stage event; a larger one grows its buffer. */
    private static final int EVENT_CAPACITY = 192;

    private final ChannelHandlerContext ctx;
    private final StagePlan plan;
    private final StageEventWriter stageEvents;
    private final SseEventEncoder encoder;
    private final StreamHandle stream;
    private final Runnable onEnd;
    private final StageObserver stages;
    private final Ticker ticker;
    private final long[] stageNanos;

    private long startNanos;
    private long lastEventNanos;
    /** Offset from start, in ns, at which the next event is due. */
    private long nextDueNanos;
    /** Index of the next stage to emit; {@code plan.size()} means {@code complete} is next. */
    private int next;
    private ScheduledFuture<?> pending;
    private boolean waitingForWritable;
    private StreamWatch watch;

    /**
     * @param stageEvents the plan to run, with its stage events' constant parts encoded
     * @param stages told how long each stage took, as the stream moves past it
     */
    public StageProducer(ChannelHandlerContext ctx, StageEventWriter stageEvents, SseEventEncoder encoder,
            StreamHandle stream, Runnable onEnd, StageObserver stages) {
        this.ctx = ctx;
        this.plan = stageEvents.plan();
        this.stageEvents = stageEvents;
        this.encoder = encoder;
        this.stream = stream;
        this.onEnd = onEnd;
        this.stages = stages;
        this.ticker = ctx.executor().ticker();
        this.stageNanos = new long[plan.size()];
    }

    /** Writes the head, the {@code retry} hint and the first event, flushes them, and schedules the rest. */
    public void start(HttpResponse head, long retryMs) {
        startNanos = ticker.nanoTime();
        lastEventNanos = startNanos;
        watch = stream.watch(ctx.channel(), this);
        ctx.write(head, ctx.voidPromise());
        ctx.write(new DefaultHttpContent(encoder.retry(ctx.alloc(), retryMs)), ctx.voidPromise());
        emitDue(startNanos);
    }

    @Override
    public void run() {
        pending = null;
        if (stream.isEnded()) {
            return;
        }
        if (!ctx.channel().isWritable()) {
            waitingForWritable = true;
            return;
        }
        emitDue(ticker.nanoTime());
    }

    /**
     * Writes the next event and every later one already due at {@code now} (at most
     * {@value #MAX_BATCH}), one chunk each, flushes once, and schedules what follows.
     */
    private void emitDue(long now) {
        int count = 0;
        int bytes = 0;
        boolean complete;
        do {
            ByteBuf event = ctx.alloc().ioBuffer(EVENT_CAPACITY);
            try {
                complete = appendNext(event, now);
            } catch (RuntimeException e) {
                event.release();
                throw e;
            }
            bytes += event.readableBytes();
            ctx.write(new DefaultHttpContent(event), ctx.voidPromise());
            count++;
        } while (!complete && count < MAX_BATCH && startNanos + nextDueNanos <= now);
        flushWritten(count, bytes, complete);
        if (complete) {
            finish(StreamOutcome.COMPLETED);
        } else {
            schedule(now);
        }
    }

    /** Encodes the next event into {@code out}; returns whether it was {@code complete}. */
    private boolean appendNext(ByteBuf out, long now) {
        if (next > 0) {
            stageNanos[next - 1] = now - lastEventNanos;
            stages.stageFinished(next - 1, stageNanos[next - 1]);
        }
        lastEventNanos = now;
        if (next == plan.size()) {
            encoder.encode(out, completeEvent(now));
            return true;
        }
        stageEvents.write(out, next, stream.id(), millis(now - startNanos));
        nextDueNanos += TimeUnit.MILLISECONDS.toNanos(plan.stage(next).delayMs());
        next++;
        return false;
    }

    private void schedule(long now) {
        long delay = startNanos + nextDueNanos - now;
        if (delay <= 0) {
            // Due already (zero-delay plans, or a late loop): run after whatever else is queued,
            // so one fast stream cannot monopolise the event loop.
            ctx.executor().execute(this);
        } else {
            pending = ctx.executor().schedule(this, delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Writes one final event (an {@code error}) and the last chunk. */
    private void writeLast(SseEvent event) {
        ByteBuf encoded = encoder.encode(ctx.alloc(), event);
        int size = encoded.readableBytes();
        ctx.write(new DefaultHttpContent(encoded), ctx.voidPromise());
        flushWritten(1, size, true);
    }

    /** Ends the stream's body with the last chunk if {@code last}, flushes, and counts what went out. */
    private void flushWritten(int events, int bytes, boolean last) {
        if (last) {
            ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
        }
        ctx.flush();
        // Counted once flushed, so the first event's count marks the end of time-to-first-event.
        stream.eventsSent(events, bytes);
        watch.wrote();
    }

    private SseEvent completeEvent(long now) {
        int seq = plan.size() + 1;
        long elapsedMs = millis(now - startNanos);
        return new SseEvent(Integer.toString(seq), "complete", EventData.json(g -> {
            g.writeStartObject();
            g.writeStringField("streamId", stream.id());
            g.writeNumberField("seq", seq);
            g.writeNumberField("progress", 100);
            g.writeNumberField("elapsedMs", elapsedMs);
            g.writeObjectFieldStart("stageMs");
            for (int i = 0; i < stageNanos.length; i++) {
                g.writeNumberField(plan.stage(i).id(), millis(stageNanos[i]));
            }
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (watch != null) {
            watch.writabilityChanged(writable);
        }
        if (writable && waitingForWritable && !stream.isEnded()) {
            waitingForWritable = false;
            emitDue(ticker.nanoTime());
        }
    }

    @Override
    public void heartbeatDue() {
        ctx.writeAndFlush(new DefaultHttpContent(encoder.comment(ctx.alloc(), "ping")), ctx.voidPromise());
    }

    @Override
    public void slowClientTimedOut() {
        cancelPending();
        // Counted first, so the close (which may report the client gone at once) cannot count it
        // again; closed before the router hears of the end, so it starts no request pipelined
        // behind this stream on a connection that is being dropped.
        if (stream.end(StreamOutcome.SLOW_CLIENT)) {
            ctx.channel().close();
            watch.cancel();
            onEnd.run();
        }
    }

    @Override
    public void maxDurationReached() {
        cancelPending();
        writeLast(SseEvent.error(null, stream.id(), MAX_DURATION, "the stream ran longer than the gateway allows"));
        finish(StreamOutcome.ERROR);
    }

    @Override
    public void shutdown(long retryHintMs) {
        cancelPending();
        ctx.write(new DefaultHttpContent(encoder.retry(ctx.alloc(), retryHintMs)), ctx.voidPromise());
        writeLast(SseEvent.error(null, stream.id(), SHUTDOWN, "the gateway is shutting down; reconnect to continue"));
        finish(StreamOutcome.DRAINED);
    }

    @Override
    public void clientGone() {
        cancelPending();
        finish(StreamOutcome.CLIENT_GONE);
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void finish(StreamOutcome outcome) {
        if (stream.end(outcome)) {
            watch.cancel();
            onEnd.run();
        }
    }
}
