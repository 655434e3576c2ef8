package dev.sluice.gateway.log;

import dev.sluice.gateway.http.JsonResponses;
import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import dev.sluice.gateway.stream.ActiveStream;
import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamWatch;
import dev.sluice.gateway.stream.TimedStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.EventExecutor;
import java.util.List;

/**
 * An HTTP response that reads a log: it writes what the log delivers to its {@code ctx} as one
 * {@link DefaultHttpContent} per delivery (each event whole inside it), flushed per delivery. It only
 * writes HTTP objects to its context, so the same class serves an HTTP/1.1 connection and an HTTP/2
 * stream's child channel.
 *
 * <p>It is the connection side of "a stream is a log; connections subscribe": the router drives it as
 * the connection's {@link ActiveStream}, the stream's {@link StreamWatch} gives it heartbeats and the
 * slow-client, duration and shutdown deadlines, and ending it (for whatever reason) cancels its
 * {@link Subscription}, never the producer: a stage job runs on for the resume window, a channel for
 * its other subscribers.
 *
 * <p><b>Slow readers.</b> Once a delivery leaves the connection unwritable (over its high water
 * mark), the subscriber writes nothing more and only remembers the last position it wrote; when the
 * connection drains it subscribes again after that position ({@link LogSource}) and catches up from the
 * log (a stage job encodes the events again; a channel replays them, or sends {@code reset} if its log
 * no longer has them). So a stalled reader holds at most one delivery beyond the high water mark, the
 * producer and the other subscribers never wait for it, and the slow-client policy closes it if it
 * stays stalled past its timeout.
 *
 * <p>Confined to the channel's event loop.
 */
public final class SseSubscriber implements Subscriber, ActiveStream, TimedStream {
    /** SPEC section 8: a {@code 204} for a stream this node does not know (any more) says so. */
    public static final AsciiString X_SLUICE_STREAM = AsciiString.cached("x-sluice-stream");
    public static final AsciiString EXPIRED = AsciiString.cached("expired");
    public static final String MAX_DURATION = "max_duration";
    public static final String SHUTDOWN = "shutdown";

    private final ChannelHandlerContext ctx;
    private final SubscriberSettings settings;
    private final StreamHandle stream;
    private final Runnable onEnd;
    /** The response head to write when the log answers, or {@code null} when it went out already. */
    private HttpResponse head;
    private Subscription subscription = Subscription.NONE;
    private LogSource source;
    private StreamWatch watch;
    private long lastSeq;
    /** The connection went over its high water mark: write nothing until it drains, then catch up. */
    private boolean paused;

    /**
     * @param head the head to write once the log answers; {@code null} continues a response whose
     *     head (and maybe some events) went out already, as a sidecar hold does
     * @param afterSeq events up to this position are never written (the client has them)
     */
    public SseSubscriber(ChannelHandlerContext ctx, SubscriberSettings settings, StreamHandle stream, Runnable onEnd,
            HttpResponse head, long afterSeq) {
        this.ctx = ctx;
        this.settings = settings;
        this.stream = stream;
        this.onEnd = onEnd;
        this.head = head;
        this.lastSeq = afterSeq;
    }

    /** Subscribes to {@code source} after {@code afterSeq} ({@code -1}: live only). */
    public void subscribe(LogSource source, long afterSeq) {
        this.source = source;
        hold(source.subscribe(this, afterSeq));
    }

    /**
     * For a producer that subscribed this subscriber itself (a new stage job and its first connection):
     * where to subscribe again, and the subscription to cancel when the response ends.
     */
    public void subscribed(LogSource source, Subscription subscription) {
        this.source = source;
        hold(subscription);
    }

    private void hold(Subscription subscription) {
        if (stream.isEnded()) {
            subscription.cancel();
        } else {
            this.subscription = subscription;
        }
    }

    @Override
    public EventExecutor executor() {
        return ctx.executor();
    }

    public StreamHandle stream() {
        return stream;
    }

    @Override
    public void started(SubscribeAnswer answer) {
        if (stream.isEnded()) {
            return;
        }
        switch (answer.kind()) {
            case LIVE -> startLive(answer);
            case FINISHED -> endWithoutStream(false);
            case UNKNOWN -> endWithoutStream(true);
            case REFUSED -> refuse(answer.code(), answer.message());
        }
    }

    private void startLive(SubscribeAnswer answer) {
        if (head != null) {
            ctx.write(head, ctx.voidPromise());
            head = null;
            ctx.write(new DefaultHttpContent(settings.encoder().retry(ctx.alloc(), settings.retryMs())),
                    ctx.voidPromise());
        }
        if (watch == null) {
            watch = stream.watch(ctx.channel(), this);
        }
        int count = 0;
        int bytes = 0;
        if (answer.reset()) {
            // The events after our position are gone: whatever comes now is new to this client.
            lastSeq = -1;
            ByteBuf reset = settings.encoder().encode(ctx.alloc(), RESET);
            bytes += reset.readableBytes();
            count++;
            ctx.write(new DefaultHttpContent(reset), ctx.voidPromise());
        }
        writeNewEvents(answer.replay(), count, bytes, false);
    }

    private static final SseEvent RESET = new SseEvent(null, "reset", EventData.json(g -> {
        g.writeStartObject();
        g.writeStringField("reason", "events_missed");
        g.writeEndObject();
    }));

    @Override
    public void deliver(List<LogEvent> events) {
        if (stream.isEnded() || watch == null || paused) {
            return;
        }
        writeNewEvents(events, 0, 0, true);
    }

    /**
     * Writes the events this client has not had yet (seq after {@link #lastSeq}), up to a final one, as
     * one chunk, then flushes them with the {@code count} events of {@code bytes} already written before
     * them (a {@code reset}). A live delivery that brought nothing new writes and flushes nothing and
     * counts its events as delivered; a subscription's start always flushes (its head goes with it).
     *
     * <p>One chunk per delivery, not per event: each event stays a whole SSE event inside it, but the
     * pipeline, the HTTP encoder's chunk framing and the outbound buffer work once per delivery (a
     * stage job's batch is up to {@code MAX_BATCH} events) instead of once per event.
     */
    private void writeNewEvents(List<LogEvent> events, int count, int bytes, boolean live) {
        // Logs deliver in seq order, so what is new is one run at the end of the list.
        int from = events.size();
        int to = from;
        int freshBytes = 0;
        boolean last = false;
        for (int i = 0; i < events.size(); i++) {
            LogEvent event = events.get(i);
            if (event.seq() <= lastSeq) {
                continue;
            }
            from = Math.min(from, i);
            to = i + 1;
            lastSeq = event.seq();
            freshBytes += event.bytes().readableBytes();
            if (event.last()) {
                last = true;
                break;
            }
        }
        int fresh = to - from;
        if (fresh > 0) {
            ctx.write(new DefaultHttpContent(oneChunk(events, from, to, freshBytes)), ctx.voidPromise());
        }
        if (live) {
            if (fresh == 0) {
                return;
            }
            settings.stats().delivered(fresh);
        }
        flushWritten(count + fresh, bytes + freshBytes, last ? StreamOutcome.COMPLETED : null);
        if (!last) {
            pauseIfFull();
        }
    }

    /**
     * The bytes of {@code events[from, to)} as one buffer of this write's own: a view of the shared
     * bytes when they lie back to back in one run (a stage job's batch, a channel's publish), else one
     * copy into a pooled buffer (a replay gathered from several runs; a few kilobytes at most, cheaper
     * than a chunk per event).
     */
    private ByteBuf oneChunk(List<LogEvent> events, int from, int to, int size) {
        LogEvent first = events.get(from);
        if (to - from == 1) {
            return first.bytes().retainedDuplicate();
        }
        boolean oneRun = true;
        for (int i = from + 1; i < to && oneRun; i++) {
            oneRun = events.get(i - 1).precedes(events.get(i));
        }
        if (oneRun) {
            return first.run().retainedSlice(first.runOffset(), size);
        }
        ByteBuf chunk = ctx.alloc().ioBuffer(size);
        for (int i = from; i < to; i++) {
            ByteBuf event = events.get(i).bytes();
            chunk.writeBytes(event, event.readerIndex(), event.readableBytes());
        }
        return chunk;
    }

    private void pauseIfFull() {
        if (!ctx.channel().isWritable() && source != null) {
            paused = true;
        }
    }

    /** The connection drained: subscribe again after the last event written, to catch up from the log. */
    private void catchUp() {
        paused = false;
        Subscription stale = subscription;
        subscription = Subscription.NONE;
        // The new subscription first: a log whose only subscriber left for an instant would start its
        // resume window (or, without one, end). Events both deliver are written once (by seq).
        Subscription fresh = source.subscribe(this, lastSeq);
        stale.cancel();
        hold(fresh);
    }

    /** The log has nothing for this request: {@code 204} (SPEC section 8), or a clean end of a held response. */
    private void endWithoutStream(boolean expired) {
        Object answer;
        if (head == null) {
            answer = LastHttpContent.EMPTY_LAST_CONTENT;
        } else {
            FullHttpResponse noContent = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.NO_CONTENT);
            String connection = head.headers().get(HttpHeaderNames.CONNECTION);
            if (connection != null) {
                noContent.headers().set(HttpHeaderNames.CONNECTION, connection);
            }
            if (expired) {
                noContent.headers().set(X_SLUICE_STREAM, EXPIRED);
            }
            head = null;
            answer = noContent;
        }
        endWith(answer, StreamOutcome.COMPLETED);
    }

    private void refuse(String code, String message) {
        if (head != null) {
            FullHttpResponse response = JsonResponses.errorResponse(ctx.alloc(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                    code, message);
            response.headers().set(HttpHeaderNames.RETRY_AFTER, settings.retryAfterSeconds());
            head = null;
            endWith(response, StreamOutcome.REJECTED);
        } else {
            writeLast(SseEvent.error(null, stream.id(), code, message), StreamOutcome.ERROR);
        }
    }

    /** Ends the stream (counted first, as in {@link #flushWritten}) with {@code answer} as the last write. */
    private void endWith(Object answer, StreamOutcome outcome) {
        boolean ended = stream.end(outcome);
        ctx.writeAndFlush(answer, ctx.voidPromise());
        if (ended) {
            release();
            onEnd.run();
        }
    }

    /** Writes one final event (an {@code error}) and the last chunk. */
    private void writeLast(SseEvent event, StreamOutcome outcome) {
        ByteBuf encoded = settings.encoder().encode(ctx.alloc(), event);
        int size = encoded.readableBytes();
        ctx.write(new DefaultHttpContent(encoded), ctx.voidPromise());
        flushWritten(1, size, outcome);
    }

    /**
     * Flushes what was written and counts it; with {@code endAs}, ends the body with the last chunk and
     * the stream with that outcome. The end is counted before the flush, so that whoever sees the last
     * chunk also sees the stream counted (tests, and a client that reconnects at once); the router hears
     * of it after, so a pipelined request is answered after the last chunk.
     */
    private void flushWritten(int events, int bytes, StreamOutcome endAs) {
        boolean ended = false;
        if (endAs != null) {
            ctx.write(LastHttpContent.EMPTY_LAST_CONTENT, ctx.voidPromise());
            if (events > 0) {
                stream.eventsSent(events, bytes);
            }
            ended = stream.end(endAs);
        }
        ctx.flush();
        if (endAs == null && events > 0) {
            // Counted once flushed, so the first event's count marks the end of time-to-first-event.
            stream.eventsSent(events, bytes);
        }
        if (watch != null) {
            watch.wrote();
        }
        if (ended) {
            release();
            onEnd.run();
        }
    }

    @Override
    public void writabilityChanged(boolean writable) {
        if (watch != null) {
            watch.writabilityChanged(writable);
        }
        if (!writable) {
            pauseIfFull();
        } else if (paused && !stream.isEnded()) {
            catchUp();
        }
    }

    @Override
    public void heartbeatDue() {
        ctx.writeAndFlush(new DefaultHttpContent(settings.encoder().comment(ctx.alloc(), "ping")), ctx.voidPromise());
    }

    @Override
    public void slowClientTimedOut() {
        // Counted first, so the close (which may report the client gone at once) cannot count it again;
        // closed before the router hears of the end, so it starts no request pipelined behind this stream
        // on a connection that is being dropped.
        if (stream.end(StreamOutcome.SLOW_CLIENT)) {
            settings.stats().dropped();
            ctx.channel().close();
            release();
            onEnd.run();
        }
    }

    @Override
    public void maxDurationReached() {
        writeLast(SseEvent.error(null, stream.id(), MAX_DURATION, "the stream ran longer than the gateway allows"),
                StreamOutcome.ERROR);
    }

    @Override
    public void shutdown(long retryHintMs) {
        ctx.write(new DefaultHttpContent(settings.encoder().retry(ctx.alloc(), retryHintMs)), ctx.voidPromise());
        writeLast(SseEvent.error(null, stream.id(), SHUTDOWN, "the gateway is shutting down; reconnect to continue"),
                StreamOutcome.DRAINED);
    }

    @Override
    public void clientGone() {
        finish(StreamOutcome.CLIENT_GONE);
    }

    private void finish(StreamOutcome outcome) {
        if (stream.end(outcome)) {
            release();
            onEnd.run();
        }
    }

    private void release() {
        if (watch != null) {
            watch.cancel();
        }
        subscription.cancel();
        subscription = Subscription.NONE;
    }
}
