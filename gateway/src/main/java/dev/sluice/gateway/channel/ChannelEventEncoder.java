package dev.sluice.gateway.channel;

import dev.sluice.gateway.bus.BusDelivery;
import dev.sluice.gateway.bus.BusMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a published message once, for every subscriber: {@code id: <seq>}, {@code event: <name>},
 * {@code data: <json>} and the blank line. The name and the one-line JSON were checked when published
 * ({@link PublishRequestReader}), so they are copied as they are. A raw message (GRIP
 * {@code http-stream} content) is passed on unchanged: its publisher framed it.
 */
final class ChannelEventEncoder {
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "\nevent: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private ChannelEventEncoder() {
    }

    static ByteBuf encode(ByteBufAllocator alloc, BusDelivery delivery) {
        ByteBuf out = alloc.ioBuffer(capacity(delivery));
        encode(out, delivery);
        return out;
    }

    /** Room for {@code delivery}'s event (exact for a raw one). */
    static int capacity(BusDelivery delivery) {
        BusMessage message = delivery.message();
        return message.raw() ? message.data().length : message.data().length + message.event().length() + 40;
    }

    /** Appends {@code delivery}'s event to {@code out}, so that a batch can share one buffer. */
    static void encode(ByteBuf out, BusDelivery delivery) {
        BusMessage message = delivery.message();
        if (message.raw()) {
            out.writeBytes(message.data());
            return;
        }
        out.writeBytes(ID);
        ByteBufUtil.writeAscii(out, Long.toString(delivery.seq()));
        out.writeBytes(EVENT);
        ByteBufUtil.writeUtf8(out, message.event());
        out.writeBytes(DATA);
        out.writeBytes(message.data());
        out.writeBytes(END);
    }
}
