package dev.sluice.gateway.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/** Reads what a pipeline wrote on an {@link EmbeddedChannel}, releasing every buffer it takes. */
public final class EmbeddedOutbound {
    private EmbeddedOutbound() {
    }

    /**
     * Writes raw request bytes (ISO-8859-1: one char per byte) into {@code channel}, runs the tasks they
     * queued, and returns what the pipeline wrote meanwhile, as {@link #drainBytes} does.
     */
    public static String afterSending(EmbeddedChannel channel, String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
        return drainBytes(channel);
    }

    /**
     * Drains every outbound {@link ByteBuf} and returns the bytes as ISO-8859-1 text (one char per
     * byte, so the result can be framed byte-exactly by {@link HttpResponseText}).
     */
    public static String drainBytes(EmbeddedChannel channel) {
        StringBuilder text = new StringBuilder();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            if (!(message instanceof ByteBuf buf)) {
                ReferenceCountUtil.release(message);
                throw new AssertionError("expected bytes on the wire, got " + message.getClass().getName());
            }
            try {
                text.append(buf.toString(StandardCharsets.ISO_8859_1));
            } finally {
                buf.release();
            }
        }
        return text.toString();
    }
}
