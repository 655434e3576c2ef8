package dev.sluice.bench.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes events {@code first..last} to one channel on one keep-alive connection, on an open-loop
 * schedule: event n is due at {@code phaseStart + offset + (n − first) / rate}, whatever the target does.
 * One request is in flight at a time, so the channel's order is the publisher's order; when the target
 * answers late, every event already due goes out in the next request as NDJSON (SPEC 9), still stamped
 * with its own intended time, so the delay shows in the delivery latency instead of lowering the rate.
 */
final class ChannelPublisher extends SimpleChannelInboundHandler<FullHttpResponse> {

    /** Most events in one request when the publisher is behind. */
    private static final int MOST_PER_REQUEST = 200;

    private final String host;
    private final String path;
    private final String token;
    private final long originNanos;
    private final long phaseStartNanos;
    private final double nanosPerEvent;
    private final long first;
    private final long last;
    private final int padBytes;
    private final FanoutStats stats;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private long next;
    private long inFlightFirst;
    private int inFlightCount;

    ChannelPublisher(String host, String channel, String token, long originNanos, long phaseStartNanos,
                     double ratePerSecond, long first, long last, int padBytes, FanoutStats stats) {
        this.host = host;
        this.path = "/api/channels/" + channel + "/events";
        this.token = token;
        this.originNanos = originNanos;
        this.phaseStartNanos = phaseStartNanos;
        this.nanosPerEvent = 1e9 / ratePerSecond;
        this.first = first;
        this.last = last;
        this.padBytes = padBytes;
        this.stats = stats;
        this.next = first;
    }

    /** Completes when the last event was accepted; fails on any other answer or a lost connection. */
    CompletableFuture<Void> done() {
        return done;
    }

    long intendedNanos(long n) {
        return phaseStartNanos + (long) ((n - first) * nanosPerEvent);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        scheduleNext();
        ctx.fireChannelActive();
    }

    private void scheduleNext() {
        long wait = intendedNanos(next) - System.nanoTime();
        if (wait <= 0) {
            send();
        } else {
            ctx.executor().schedule(this::send, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void send() {
        if (done.isDone()) {
            return;
        }
        long now = System.nanoTime();
        int count = 1;
        while (next + count <= last && count < MOST_PER_REQUEST && intendedNanos(next + count) <= now) {
            count++;
        }
        StringBuilder body = new StringBuilder();
        for (long n = next; n < next + count; n++) {
            long atMicros = (intendedNanos(n) - originNanos) / 1_000;
            body.append("{\"event\":\"tick\",\"data\":").append(EventStamp.json(n, atMicros, padBytes)).append('}');
            if (count > 1) {
                body.append('\n');
            }
        }
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, content);
        request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, count > 1 ? "application/x-ndjson" : "application/json")
                .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        inFlightFirst = next;
        inFlightCount = count;
        next += count;
        ctx.writeAndFlush(request).addListener(write -> {
            if (!write.isSuccess()) {
                done.completeExceptionally(new IllegalStateException("publish to " + path + " not written",
                        write.cause()));
            }
        });
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (response.status().code() != 202) {
            done.completeExceptionally(new IllegalStateException("POST " + path + " answered "
                    + response.status() + ": " + response.content().toString(StandardCharsets.UTF_8)));
            ctx.close();
            return;
        }
        stats.published(inFlightCount, (System.nanoTime() - intendedNanos(inFlightFirst)) / 1_000);
        if (next > last) {
            done.complete(null);
            ctx.close();
            return;
        }
        scheduleNext();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done.completeExceptionally(new IllegalStateException("publisher connection to " + path + " closed after event "
                + (next - 1)));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        done.completeExceptionally(cause);
        ctx.close();
    }
}
