package dev.sluice.gateway.redis;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Matches replies to commands on one pipelined connection: Redis answers in the order it was asked,
 * so each written command queues its future and each reply completes the oldest. Push messages of the
 * publish/subscribe protocol ({@code ["message", channel, payload]}) are not replies and go to
 * {@code pushes} instead.
 *
 * <p>Everything runs on the connection's event loop. When the connection closes, every command still
 * waiting fails with a {@link RedisException}.
 */
final class RedisCommandHandler extends ChannelDuplexHandler {
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Consumer<List<Object>> pushes;

    /** A command sent and its future; {@code sentNanos} lets the link notice a server that stopped answering. */
    record Pending(CompletableFuture<Object> reply, long sentNanos) {
    }

    /** One command: its arguments (a {@code String} or {@code byte[]} each) and where the reply goes. */
    record Command(List<Object> args, CompletableFuture<Object> reply) {
    }

    RedisCommandHandler(Consumer<List<Object>> pushes) {
        this.pushes = pushes;
    }

    /** When the oldest command still waiting was sent, or -1 if none waits. */
    long oldestSentNanos() {
        Pending oldest = pending.peekFirst();
        return oldest == null ? -1 : oldest.sentNanos();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Command command)) {
            ctx.write(msg, promise);
            return;
        }
        List<RedisMessage> parts = new ArrayList<>(command.args().size());
        for (Object arg : command.args()) {
            byte[] bytes = arg instanceof byte[] raw ? raw : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
            ByteBuf content = Unpooled.wrappedBuffer(bytes);
            parts.add(new FullBulkStringRedisMessage(content));
        }
        pending.add(new Pending(command.reply(), System.nanoTime()));
        ctx.write(new ArrayRedisMessage(parts), promise);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Object reply;
        try {
            reply = RedisReply.of((RedisMessage) msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (reply instanceof List<?> list && list.size() == 3 && "message".equals(RedisReply.text(list.get(0)))) {
            pushes.accept((List<Object>) list);
            return;
        }
        Pending next = pending.poll();
        if (next == null) {
            // A reply to nothing: the connection's state is unknown, start again.
            ctx.close();
            return;
        }
        if (reply instanceof RedisErrorReply error) {
            next.reply().completeExceptionally(new RedisException(error.message()));
        } else {
            next.reply().complete(reply);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failAll("connection to Redis lost");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Decoder errors and resets: the link logs the loss once and reconnects.
        ctx.close();
    }

    private void failAll(String reason) {
        Pending waiting;
        while ((waiting = pending.poll()) != null) {
            waiting.reply().completeExceptionally(new RedisException(reason));
        }
    }
}
