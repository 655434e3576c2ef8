package dev.sluice.bench.nulltarget;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * One connection of the null target: waits for the end of the request head, answers {@code /healthz}
 * or streams the plan's events on this channel's event loop (due events written together, one flush
 * per batch), then closes. The request body, if any, is ignored.
 */
final class NullStreamHandler extends ChannelInboundHandlerAdapter {

    private static final int BATCH = 64;

    private final NullStreamPlan plan;
    private int headEndMatched;
    private boolean started;
    private boolean healthCheck;
    private int firstLineBytes;
    private final byte[] firstLine = new byte[16];
    private int next;
    private long startNanos;
    private ScheduledFuture<?> timer;

    NullStreamHandler(NullStreamPlan plan) {
        this.plan = plan;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            while (!started && in.isReadable()) {
                byte b = in.readByte();
                if (firstLineBytes < firstLine.length) {
                    firstLine[firstLineBytes++] = b;
                }
                // \r\n\r\n ends the head.
                headEndMatched = (b == (headEndMatched % 2 == 0 ? '\r' : '\n')) ? headEndMatched + 1
                        : (b == '\r' ? 1 : 0);
                if (headEndMatched == 4) {
                    started = true;
                    healthCheck = new String(firstLine, 0, firstLineBytes, java.nio.charset.StandardCharsets.US_ASCII)
                            .startsWith("GET /healthz");
                    start(ctx);
                }
            }
        } finally {
            in.release();
        }
    }

    private void start(ChannelHandlerContext ctx) {
        if (healthCheck) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(NullStreamPlan.HEALTHY)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        startNanos = System.nanoTime();
        ctx.write(Unpooled.wrappedBuffer(NullStreamPlan.HEAD));
        writeDue(ctx);
    }

    private void writeDue(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        int written = 0;
        long now = System.nanoTime();
        while (next < plan.eventCount() && written < BATCH && dueNanos(next) <= now) {
            ctx.write(Unpooled.wrappedBuffer(plan.event(next++)));
            written++;
        }
        if (next == plan.eventCount()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(NullStreamPlan.LAST_CHUNK)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.flush();
        long wait = dueNanos(next) - System.nanoTime();
        if (wait <= 0 && ctx.channel().isWritable()) {
            ctx.executor().execute(() -> writeDue(ctx));
        } else if (wait > 0) {
            timer = ctx.executor().schedule(() -> writeDue(ctx), wait, TimeUnit.NANOSECONDS);
        }
        // Otherwise the socket is full: channelWritabilityChanged resumes.
    }

    private long dueNanos(int index) {
        return startNanos + index * plan.delayNanos();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (started && !healthCheck && ctx.channel().isWritable() && timer == null && next < plan.eventCount()) {
            writeDue(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
