package dev.sluice.gateway.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import dev.sluice.gateway.sse.SseEventEncoder;
import dev.sluice.gateway.stream.ActiveStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Streams the gateway's own figures to the status page: one {@code event: status} at once, then one
 * per period, until the client leaves.
 *
 * <p>Runs on the channel's event loop like every stream: a fixed-rate task scheduled with
 * {@code ctx.executor()}, cancelled in {@link #clientGone()}. Rates are the change of the totals
 * between this stream's own consecutive samples divided by the time between them, so each viewer
 * sees rates over exactly the interval it was shown. A sample that falls due while the channel is
 * not writable is skipped rather than queued: a snapshot is stale by the next one, and a slow viewer
 * must not grow the gateway's memory. The stream never ends by itself; it holds no buffer between
 * samples.
 */
public final class StatusStream implements ActiveStream, Runnable {
    private final ChannelHandlerContext ctx;
    private final Supplier<StatusSample> figures;
    private final SseEventEncoder encoder;
    private final long periodNanos;
    private final Ticker ticker;

    private ScheduledFuture<?> ticking;
    private StatusSample previous;
    private long previousNanos;
    private long seq;
    private boolean gone;

    public StatusStream(ChannelHandlerContext ctx, Supplier<StatusSample> figures, SseEventEncoder encoder,
            long periodMillis) {
        this.ctx = ctx;
        this.figures = figures;
        this.encoder = encoder;
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.ticker = ctx.executor().ticker();
    }

    /** Writes the head, the {@code retry} hint and the first sample, then samples every period. */
    public void start(HttpResponse head, long retryMs) {
        ctx.write(head, ctx.voidPromise());
        ctx.write(new DefaultHttpContent(encoder.retry(ctx.alloc(), retryMs)), ctx.voidPromise());
        run();
        ticking = ctx.executor().scheduleAtFixedRate(this, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        if (gone || !ctx.channel().isWritable()) {
            return;
        }
        long now = ticker.nanoTime();
        StatusSample sample = figures.get();
        double seconds = previous == null ? 0 : (now - previousNanos) / 1e9;
        StatusSample before = previous;
        previous = sample;
        previousNanos = now;
        seq++;
        SseEvent event = new SseEvent(Long.toString(seq), "status", EventData.json(g -> {
            g.writeStartObject();
            g.writeNumberField("openStreams", sample.openStreams());
            g.writeNumberField("streamsStarted", sample.streamsStarted());
            g.writeNumberField("eventsSent", sample.eventsSent());
            g.writeFieldName("streamsPerSecond");
            writeRate(g, before == null ? Double.NaN : rate(sample.streamsStarted() - before.streamsStarted(), seconds));
            g.writeFieldName("eventsPerSecond");
            writeRate(g, before == null ? Double.NaN : rate(sample.eventsSent() - before.eventsSent(), seconds));
            g.writeFieldName("ttfeP99Ms");
            writeRate(g, sample.ttfeP99Ms());
            g.writeEndObject();
        }));
        ctx.writeAndFlush(new DefaultHttpContent(encoder.encode(ctx.alloc(), event)), ctx.voidPromise());
    }

    private static double rate(long delta, double seconds) {
        return seconds <= 0 ? 0 : delta / seconds;
    }

    /** JSON has no NaN: an unknown figure is {@code null}; known ones are rounded to 0.01. */
    private static void writeRate(JsonGenerator g, double value) throws IOException {
        if (Double.isNaN(value)) {
            g.writeNull();
        } else {
            g.writeNumber(Math.round(value * 100) / 100.0);
        }
    }

    @Override
    public void writabilityChanged(boolean writable) {
        // Nothing waits for writability: the next tick simply writes a fresh sample.
    }

    @Override
    public void clientGone() {
        gone = true;
        if (ticking != null) {
            ticking.cancel(false);
            ticking = null;
        }
    }
}
