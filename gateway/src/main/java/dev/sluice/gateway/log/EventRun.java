package dev.sluice.gateway.log;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the events of one delivery back to back into one pooled buffer and lends them out as
 * {@link LogEvent}s that are slices of it: one buffer per delivery instead of one per event, and a
 * subscriber writes the whole run as one chunk without copying it ({@link SseSubscriber}).
 *
 * <p>Use: for each event, write its bytes to {@link #out()}, then call {@link #add}; then take the
 * events with {@link #finish()}. If encoding fails, {@link #discard()} frees everything. A slice reads
 * through the buffer, so one made before the buffer grows stays valid. Confined to the thread that
 * builds it.
 */
public final class EventRun {
    private final ByteBuf out;
    private final List<LogEvent> events;
    private int start;

    /**
     * @param capacity a guess at the bytes of all events (the buffer grows beyond it)
     * @param events how many events will be added
     */
    public EventRun(ByteBufAllocator alloc, int capacity, int events) {
        this.out = alloc.ioBuffer(capacity);
        this.events = new ArrayList<>(events);
        this.start = out.writerIndex();
    }

    /** Where the next event's bytes go. */
    public ByteBuf out() {
        return out;
    }

    /** The bytes written since the previous event are the event {@code seq}; {@code last} ends the log. */
    public void add(long seq, boolean last) {
        int end = out.writerIndex();
        events.add(new LogEvent(seq, out.retainedSlice(start, end - start), last, out, start));
        start = end;
    }

    /**
     * The events added, in order, each owning one reference (the caller releases them); the run's own
     * reference is given up here.
     */
    public List<LogEvent> finish() {
        out.release();
        return events;
    }

    /** Frees the buffer and the events of a run that will not be finished. */
    public void discard() {
        events.forEach(LogEvent::release);
        events.clear();
        out.release();
    }
}
