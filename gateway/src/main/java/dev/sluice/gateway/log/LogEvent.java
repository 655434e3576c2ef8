package dev.sluice.gateway.log;

import io.netty.buffer.ByteBuf;

/**
 * One event of a stream's log, encoded once in its wire form.
 *
 * <p>A {@code LogEvent} handed to a {@link Subscriber} is lent: the caller keeps its reference and
 * releases it after the call, so a subscriber that writes the bytes sends
 * {@code bytes().retainedDuplicate()}. Every subscriber thus shares one copy of the bytes.
 *
 * @param seq the event's position in its log (1 is the first event)
 * @param bytes the complete SSE event, blank line included
 * @param last whether the log ends with this event: a subscriber ends its response after it
 */
public record LogEvent(long seq, ByteBuf bytes, boolean last) {

    /** A copy sharing the bytes, with a reference of its own (for a hand-off to another loop). */
    public LogEvent retainedDuplicate() {
        return new LogEvent(seq, bytes.retainedDuplicate(), last);
    }

    public void release() {
        bytes.release();
    }
}
