package dev.sluice.gateway.log;

import io.netty.buffer.ByteBuf;

/**
 * One event of a stream's log, encoded once in its wire form.
 *
 * <p>A {@code LogEvent} handed to a {@link Subscriber} is lent: the caller keeps its reference and
 * releases it after the call, so a subscriber that writes the bytes sends
 * {@code bytes().retainedDuplicate()}. Every subscriber thus shares one copy of the bytes.
 *
 * <p>Events encoded together ({@link EventRun}) lie back to back in one buffer, their {@code run}: a
 * subscriber that writes several of them writes one view of the run instead of one per event
 * ({@link #precedes}). The run is not a reference of its own: {@code bytes} is a slice of it that
 * holds it, so it lives at least as long as the event does.
 *
 * @param seq the event's position in its log (1 is the first event)
 * @param bytes the complete SSE event, blank line included
 * @param last whether the log ends with this event: a subscriber ends its response after it
 * @param run the buffer {@code bytes} is a slice of, or {@code null} for an event encoded alone
 * @param runOffset where {@code bytes} starts in {@code run}
 */
public record LogEvent(long seq, ByteBuf bytes, boolean last, ByteBuf run, int runOffset) {

    /** An event encoded alone, in a buffer of its own. */
    public LogEvent(long seq, ByteBuf bytes, boolean last) {
        this(seq, bytes, last, null, 0);
    }

    /** A copy sharing the bytes, with a reference of its own (for a hand-off to another loop). */
    public LogEvent retainedDuplicate() {
        return new LogEvent(seq, bytes.retainedDuplicate(), last, run, runOffset);
    }

    /** Whether {@code next}'s bytes follow this event's directly, in the same run. */
    public boolean precedes(LogEvent next) {
        return run != null && next.run == run && runOffset + bytes.readableBytes() == next.runOffset;
    }

    public void release() {
        bytes.release();
    }
}
