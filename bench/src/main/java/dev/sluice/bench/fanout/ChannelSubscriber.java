package dev.sluice.bench.fanout;

import dev.sluice.bench.client.StreamCheck;
import dev.sluice.bench.sse.SseEvent;
import dev.sluice.bench.sse.SseListener;
import dev.sluice.bench.sse.SseParser;
import dev.sluice.bench.stats.FailureReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.util.function.Consumer;

/**
 * One subscriber: {@code GET /api/channels/{channel}/stream} on its own connection, every event parsed,
 * checked by a {@link SubscriberCheck} and timed from its intended publish time. It ends exactly once:
 * done (every event up to the last), or failed with a reason. Measured events (those from
 * {@code firstMeasured} on) go into the delivery histogram; warm-up events are only counted.
 */
final class ChannelSubscriber extends ChannelInboundHandlerAdapter implements SseListener {

    private final String host;
    private final String path;
    private final long originNanos;
    private final long firstMeasured;
    private final SubscriberCheck check;
    private final FanoutStats stats;
    private final Consumer<ChannelSubscriber> onHead;
    private final SseParser parser = new SseParser(this);
    private ChannelHandlerContext ctx;
    private boolean headSeen;
    private boolean ended;

    /**
     * @param originNanos the run's time origin ({@link System#nanoTime()}), to which the stamps' {@code at} is relative
     * @param onHead      told once the subscriber's response head arrived with status 200
     */
    ChannelSubscriber(String host, String path, long originNanos, long firstMeasured, long last, FanoutStats stats,
                      Consumer<ChannelSubscriber> onHead) {
        this.host = host;
        this.path = path;
        this.originNanos = originNanos;
        this.firstMeasured = firstMeasured;
        this.check = new SubscriberCheck(firstMeasured, last);
        this.stats = stats;
        this.onHead = onHead;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.ACCEPT, "text/event-stream")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ctx.writeAndFlush(request).addListener(write -> {
            if (!write.isSuccess()) {
                fail(FailureReason.TRUNCATED, "request not written: " + write.cause());
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (ended) {
                return;
            }
            if (msg instanceof HttpResponse response) {
                onResponseHead(response);
            }
            if (!ended && msg instanceof HttpContent content) {
                parser.feed(content.content());
                if (!ended && msg instanceof LastHttpContent) {
                    fail(FailureReason.TRUNCATED, "response ended after event " + check.previous());
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onResponseHead(HttpResponse response) {
        if (response.decoderResult().isFailure()) {
            fail(FailureReason.PROTOCOL, "bad response: " + response.decoderResult().cause());
            return;
        }
        if (response.status().code() != 200) {
            fail(FailureReason.STATUS, "status " + response.status().code());
            return;
        }
        String problem = StreamCheck.checkContentType(response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        if (problem != null) {
            fail(FailureReason.PROTOCOL, problem);
            return;
        }
        headSeen = true;
        stats.subscribed();
        onHead.accept(this);
    }

    @Override
    public void onEvent(SseEvent event) {
        if (ended) {
            return;
        }
        long now = System.nanoTime();
        EventStamp stamp = EventStamp.parse(event.data());
        switch (check.onEvent(event, stamp)) {
            case INVALID -> fail(FailureReason.PROTOCOL, check.problem());
            case DONE -> {
                record(stamp, now);
                ended = true;
                stats.complete();
                ctx.close();
            }
            default -> record(stamp, now);
        }
    }

    private void record(EventStamp stamp, long now) {
        if (stamp.n() >= firstMeasured) {
            stats.delivered((now - originNanos) / 1_000 - stamp.atMicros(), now);
        } else {
            stats.warmDelivered();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(FailureReason.TRUNCATED, "connection closed after event " + check.previous()
                + (headSeen ? "" : " (no response head)"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(FailureReason.TRUNCATED, cause.toString());
    }

    /** The connection could not be opened. */
    void connectFailed(Throwable cause) {
        fail(FailureReason.CONNECT, String.valueOf(cause));
    }

    /** Ends the subscriber from outside (the run's deadline); runs on its event loop. */
    void abort() {
        fail(FailureReason.TIMEOUT, "deadline passed after event " + check.previous());
    }

    /** Whether the subscriber has ended (done or failed). */
    boolean ended() {
        return ended;
    }

    private void fail(FailureReason reason, String detail) {
        if (ended) {
            return;
        }
        ended = true;
        stats.failed(reason, path + ": " + detail);
        if (ctx != null) {
            ctx.close();
        }
    }
}
