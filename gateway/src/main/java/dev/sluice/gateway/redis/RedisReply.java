package dev.sluice.gateway.redis;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A reply turned into plain Java values as soon as it is read, so that no buffer outlives the
 * connection's handler: a simple string is a {@link String}, an integer a {@link Long}, a bulk string a
 * {@code byte[]} (a copy), an array a {@code List<Object>}, a null bulk or array {@code null}, and an
 * error reply a {@link RedisErrorReply}.
 */
final class RedisReply {
    private RedisReply() {
    }

    /** Converts {@code message}; the caller still releases it. */
    static Object of(RedisMessage message) {
        if (message instanceof SimpleStringRedisMessage simple) {
            return simple.content();
        }
        if (message instanceof ErrorRedisMessage error) {
            return new RedisErrorReply(error.content());
        }
        if (message instanceof IntegerRedisMessage integer) {
            return integer.value();
        }
        if (message instanceof FullBulkStringRedisMessage bulk) {
            return bulk.isNull() ? null : ByteBufUtil.getBytes(bulk.content());
        }
        if (message instanceof ArrayRedisMessage array) {
            if (array.isNull()) {
                return null;
            }
            List<Object> values = new ArrayList<>(array.children().size());
            for (RedisMessage child : array.children()) {
                values.add(of(child));
            }
            return values;
        }
        throw new IllegalArgumentException("unexpected reply type " + message.getClass().getSimpleName());
    }

    /** A bulk or simple string reply as text. */
    static String text(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(reply);
    }
}
