package dev.sluice.gateway.channel;

import dev.sluice.gateway.log.LogEvent;
import dev.sluice.gateway.log.SubscribeAnswer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A channel's replay log: its latest events, bounded by count and by bytes (SPEC section 9), each
 * kept once in its encoded form. Owned by the channel's home loop; holds one reference to each event's
 * bytes and releases it on eviction or {@link #release()}.
 */
final class ChannelLog {
    private final int maxEvents;
    private final long maxBytes;
    private final ArrayDeque<LogEvent> events = new ArrayDeque<>();
    private long bytes;
    /** The last position appended, kept when its event is evicted. */
    private long headSeq;

    ChannelLog(int maxEvents, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Takes over {@code event}'s reference. */
    void append(LogEvent event) {
        events.addLast(event);
        bytes += event.bytes().readableBytes();
        headSeq = event.seq();
        while (!events.isEmpty() && (events.size() > maxEvents || bytes > maxBytes)) {
            LogEvent evicted = events.removeFirst();
            bytes -= evicted.bytes().readableBytes();
            evicted.release();
        }
    }

    long headSeq() {
        return headSeq;
    }

    int size() {
        return events.size();
    }

    long bytes() {
        return bytes;
    }

    /**
     * What a subscriber asking for the events after {@code afterSeq} gets: those events (lent copies to
     * release), or a reset when some of them are gone (or the position was never given here), or
     * {@link SubscribeAnswer.Kind#FINISHED} when {@code afterSeq} is a closing event.
     */
    SubscribeAnswer after(long afterSeq) {
        if (afterSeq > headSeq) {
            return SubscribeAnswer.live(List.of(), true);
        }
        long oldest = events.isEmpty() ? headSeq + 1 : events.peekFirst().seq();
        if (afterSeq < oldest - 1) {
            return SubscribeAnswer.live(List.of(), true);
        }
        List<LogEvent> replay = new ArrayList<>();
        for (Iterator<LogEvent> it = events.descendingIterator(); it.hasNext();) {
            LogEvent event = it.next();
            if (event.seq() == afterSeq) {
                if (event.last()) {
                    return SubscribeAnswer.finished();
                }
                break;
            }
            if (event.seq() < afterSeq) {
                break;
            }
            replay.add(event);
        }
        List<LogEvent> ordered = new ArrayList<>(replay.size());
        for (int i = replay.size() - 1; i >= 0; i--) {
            ordered.add(replay.get(i).retainedDuplicate());
        }
        return SubscribeAnswer.live(ordered, false);
    }

    void release() {
        LogEvent event;
        while ((event = events.pollFirst()) != null) {
            event.release();
        }
        bytes = 0;
    }
}
