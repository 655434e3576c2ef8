package dev.sluice.gateway.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.log.LogEvent;
import dev.sluice.gateway.log.SubscribeAnswer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replay log's bounds and its answers at every edge of what it keeps (SPEC section 9). */
class ChannelLogTest {
    private final List<ByteBuf> appended = new ArrayList<>();
    private ChannelLog log;

    @AfterEach
    void release() {
        log.release();
        for (ByteBuf buf : appended) {
            assertEquals(0, buf.refCnt(), "the log released every event it held");
        }
    }

    private void append(long seq, String text, boolean last) {
        ByteBuf bytes = PooledByteBufAllocator.DEFAULT.buffer();
        bytes.writeCharSequence(text, StandardCharsets.US_ASCII);
        appended.add(bytes);
        log.append(new LogEvent(seq, bytes, last));
    }

    private static List<Long> seqs(SubscribeAnswer answer) {
        try {
            return answer.replay().stream().map(LogEvent::seq).toList();
        } finally {
            answer.release();
        }
    }

    @Test
    void replaysExactlyTheEventsAfterTheAskedIdAndKeepsTheLatestByCount() {
        log = new ChannelLog(3, 1 << 20);
        for (long seq = 1; seq <= 5; seq++) {
            append(seq, "event " + seq, false);
        }
        assertEquals(3, log.size());
        assertEquals(0, appended.get(0).refCnt(), "evicted events are released at once");
        assertEquals(5, log.headSeq());

        assertEquals(List.of(4L, 5L), seqs(log.after(3)));
        assertEquals(List.of(3L, 4L, 5L), seqs(log.after(2)), "the oldest kept event can be replayed");
        assertEquals(List.of(), seqs(log.after(5)), "nothing after the head, no reset");
        SubscribeAnswer atHead = log.after(5);
        assertFalse(atHead.reset());
    }

    @Test
    void anIdOlderThanTheLogOrNeverGivenGetsAReset() {
        log = new ChannelLog(3, 1 << 20);
        for (long seq = 1; seq <= 5; seq++) {
            append(seq, "event " + seq, false);
        }
        SubscribeAnswer tooOld = log.after(1);
        assertTrue(tooOld.reset(), "event 2 is gone");
        assertEquals(List.of(), tooOld.replay());
        SubscribeAnswer ahead = log.after(9);
        assertTrue(ahead.reset(), "an id this log never gave (a restarted channel) is a reset too");
        assertEquals(SubscribeAnswer.Kind.LIVE, ahead.kind());
    }

    @Test
    void theByteBoundEvictsTheOldestEventsAndAnOversizedOneIsNotKept() {
        log = new ChannelLog(100, 25);
        append(1, "0123456789", false);
        append(2, "0123456789", false);
        assertEquals(2, log.size());
        append(3, "0123456789", false);
        assertEquals(2, log.size(), "30 bytes would exceed 25");
        assertEquals(20, log.bytes());
        assertEquals(List.of(3L), seqs(log.after(2)));
        append(4, "x".repeat(40), false);
        assertEquals(0, log.size(), "an event larger than the bound is delivered live but not kept");
        assertTrue(log.after(3).reset());
        assertEquals(List.of(), seqs(log.after(4)));
    }

    @Test
    void askingAfterAClosingEventIsFinished() {
        log = new ChannelLog(10, 1 << 20);
        append(1, "a", false);
        append(2, "done", true);
        assertEquals(SubscribeAnswer.Kind.FINISHED, log.after(2).kind());
        SubscribeAnswer before = log.after(1);
        assertEquals(List.of(2L), before.replay().stream().map(LogEvent::seq).toList());
        assertTrue(before.replay().get(0).last(), "the replay carries the close, so the subscriber ends after it");
        before.release();
    }

    @Test
    void anEmptyLogAnswersLiveForAFreshSubscriber() {
        log = new ChannelLog(10, 1 << 20);
        SubscribeAnswer fresh = log.after(0);
        assertFalse(fresh.reset());
        assertEquals(List.of(), fresh.replay());
    }
}
