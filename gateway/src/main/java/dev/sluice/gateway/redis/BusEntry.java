package dev.sluice.gateway.redis;

import dev.sluice.gateway.bus.BusMessage;
import java.nio.charset.StandardCharsets;

/**
 * How a {@link BusMessage} is stored in a Redis stream entry's {@code m} field: one flags byte (1: raw,
 * 2: close), the event name in UTF-8 and a LF (none for a raw message), then the data bytes as they
 * are. Event names never contain LF (the publish API validates them), so the LF ends the name.
 */
final class BusEntry {
    private static final int RAW = 1;
    private static final int CLOSE = 2;

    private BusEntry() {
    }

    static byte[] encode(BusMessage message) {
        byte[] name = message.raw() ? new byte[0] : (message.event() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] data = message.data();
        byte[] entry = new byte[1 + name.length + data.length];
        entry[0] = (byte) ((message.raw() ? RAW : 0) | (message.close() ? CLOSE : 0));
        System.arraycopy(name, 0, entry, 1, name.length);
        System.arraycopy(data, 0, entry, 1 + name.length, data.length);
        return entry;
    }

    static BusMessage decode(byte[] entry) {
        if (entry.length == 0) {
            throw new IllegalArgumentException("empty bus entry");
        }
        boolean raw = (entry[0] & RAW) != 0;
        boolean close = (entry[0] & CLOSE) != 0;
        int dataStart = 1;
        String event = null;
        if (!raw) {
            int lf = 1;
            while (lf < entry.length && entry[lf] != '\n') {
                lf++;
            }
            if (lf == entry.length) {
                throw new IllegalArgumentException("bus entry without an event name");
            }
            event = new String(entry, 1, lf - 1, StandardCharsets.UTF_8);
            dataStart = lf + 1;
        }
        byte[] data = new byte[entry.length - dataStart];
        System.arraycopy(entry, dataStart, data, 0, data.length);
        return new BusMessage(event, data, raw, close);
    }
}
