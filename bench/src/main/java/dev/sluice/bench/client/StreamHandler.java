package dev.sluice.bench.client;

import dev.sluice.bench.sse.SseEventBytes;
import dev.sluice.bench.sse.SseListener;
import dev.sluice.bench.sse.SseParser;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LoadStats;
import dev.sluice.bench.stats.StreamClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drives one stream on its own connection: sends the pre-encoded request when connected, reads the
 * response bytes with an {@link HttpResponseReader} (no HTTP codec, no message objects), feeds the body
 * to an {@link SseParser}, checks every event from its bytes, times it with its {@link StreamClock}, and
 * ends the stream
 * exactly once (complete, left, or failed with a reason). Its deadline and its churn departure are
 * scheduled on the channel's event loop and cancelled when the stream ends.
 */
final class StreamHandler extends ChannelInboundHandlerAdapter implements SseListener, HttpResponseReader.Listener {

    private final byte[] request;
    private final HttpResponseReader response = new HttpResponseReader(this);
    private final StreamClock clock;
    private final StreamCheck check;
    private final LoadStats stats;
    private final long deadlineNanos;
    private final long leaveAtNanos;
    private final Consumer<StreamOutcome> onEnd;
    private final SseParser parser = new SseParser(this);
    private final boolean leaveAfterFirstEvent;

    private ChannelHandlerContext ctx;
    private boolean open;
    private boolean ended;
    private boolean responseOk;
    private int events;
    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> departure;

    /**
     * @param leaveAtNanos          when the client abandons the stream ({@link System#nanoTime()} value), or
     *                              {@link Long#MAX_VALUE} to stay to the end
     * @param leaveAfterFirstEvent  abandon the stream once its first event is in (warm-up streams)
     */
    StreamHandler(byte[] request, StreamClock clock, StreamCheck check, LoadStats stats, long deadlineNanos,
                  long leaveAtNanos, boolean leaveAfterFirstEvent, Consumer<StreamOutcome> onEnd) {
        this.leaveAfterFirstEvent = leaveAfterFirstEvent;
        this.request = request;
        this.clock = clock;
        this.check = check;
        this.stats = stats;
        this.deadlineNanos = deadlineNanos;
        this.leaveAtNanos = leaveAtNanos;
        this.onEnd = onEnd;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        open = true;
        stats.established();
        long now = System.nanoTime();
        deadline = ctx.executor().schedule(() -> end(StreamOutcome.failed(FailureReason.TIMEOUT,
                "no complete by the deadline after " + events + " events")), deadlineNanos - now, TimeUnit.NANOSECONDS);
        if (leaveAtNanos != Long.MAX_VALUE) {
            departure = ctx.executor().schedule(() -> end(StreamOutcome.LEFT), Math.max(0, leaveAtNanos - now),
                    TimeUnit.NANOSECONDS);
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(request)).addListener(write -> {
            if (!write.isSuccess()) {
                end(StreamOutcome.failed(FailureReason.TRUNCATED, "request not written: " + write.cause()));
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!ended) {
                response.read((ByteBuf) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void onResponseHead(int status, String contentTypeProblem) {
        if (status != 200) {
            end(StreamOutcome.failed(FailureReason.STATUS, "status " + status));
            return;
        }
        if (contentTypeProblem != null) {
            end(StreamOutcome.failed(FailureReason.PROTOCOL, contentTypeProblem));
            return;
        }
        responseOk = true;
    }

    @Override
    public void onResponseBody(ByteBuf buffer, int index, int length) {
        stats.bytes(length);
        parser.feed(buffer, index, length);
    }

    @Override
    public void onResponseEnd() {
        endOfResponse();
    }

    @Override
    public void onResponseError(String problem) {
        end(StreamOutcome.failed(FailureReason.PROTOCOL, "bad response: " + problem));
    }

    private void endOfResponse() {
        end(check.isComplete() ? StreamOutcome.COMPLETED
                : StreamOutcome.failed(FailureReason.TRUNCATED, "response ended after " + events + " events"));
    }

    @Override
    public void onEvent(dev.sluice.bench.sse.SseEvent event) {
        onEvent(SseEventBytes.of(event));
    }

    @Override
    public void onEvent(SseEventBytes event) {
        if (ended) {
            return;
        }
        long now = System.nanoTime();
        events++;
        stats.event();
        clock.onEvent(events, now);
        switch (check.onEvent(event)) {
            case COMPLETE -> clock.onCompleted(now);
            case INVALID -> end(StreamOutcome.failed(FailureReason.PROTOCOL, check.problem()));
            default -> {
                if (leaveAfterFirstEvent) {
                    end(StreamOutcome.LEFT);
                }
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (response.endsAtClose()) {
            endOfResponse();
        }
        end(StreamOutcome.failed(FailureReason.TRUNCATED, "connection closed after " + events + " events"
                + (responseOk ? "" : " (no response head)")));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        end(StreamOutcome.failed(FailureReason.TRUNCATED, cause.toString()));
    }

    /** The connection could not be opened; runs on the channel's event loop. */
    void connectFailed(Throwable cause) {
        end(StreamOutcome.failed(FailureReason.CONNECT, String.valueOf(cause)));
    }

    /** Ends the stream from outside (the run's hard limit); runs on the channel's event loop. */
    void abort() {
        end(StreamOutcome.failed(FailureReason.TIMEOUT, "run limit reached after " + events + " events"));
    }

    private void end(StreamOutcome outcome) {
        if (ended) {
            return;
        }
        ended = true;
        response.stop();
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (departure != null) {
            departure.cancel(false);
        }
        switch (outcome.kind()) {
            case COMPLETED -> stats.completed(open);
            case LEFT -> stats.left(open);
            default -> stats.failed(outcome.reason(), outcome.detail(), open);
        }
        if (ctx != null) {
            ctx.close();
        }
        onEnd.accept(outcome);
    }
}
