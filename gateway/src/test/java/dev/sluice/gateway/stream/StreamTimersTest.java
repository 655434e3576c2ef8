package dev.sluice.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-loop sweep on an {@link EmbeddedChannel}'s loop with its clock frozen, so each deadline is
 * checked against the exact time it was due: never before, at most one tick after.
 */
class StreamTimersTest {
    private static final long HEARTBEAT_MS = 1000;
    private static final long SLOW_MS = 3000;
    private static final long MAX_MS = 10_000;

    private final StreamTimers timers = new StreamTimers(HEARTBEAT_MS, SLOW_MS, MAX_MS);
    private final long tickMs = TimeUnit.NANOSECONDS.toMillis(timers.tickNanos());
    private EmbeddedChannel channel;
    private long nowMs;

    @BeforeEach
    void freeze() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** Moves the frozen clock forward in steps of one millisecond, running whatever falls due. */
    private void advanceTo(long ms) {
        while (nowMs < ms) {
            nowMs++;
            channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
            channel.runScheduledPendingTasks();
        }
    }

    @Test
    void tickIsAnEighthOfTheShortestInterval() {
        assertEquals(125, tickMs);
        assertEquals(StreamTimers.MAX_TICK_MS,
                TimeUnit.NANOSECONDS.toMillis(new StreamTimers(15_000, 30_000, 600_000).tickNanos()));
        assertEquals(StreamTimers.MIN_TICK_MS, TimeUnit.NANOSECONDS.toMillis(new StreamTimers(10, 0, 0).tickNanos()));
    }

    @Test
    void heartbeatComesAfterTheIntervalOfSilenceAndNotBefore() {
        Recorder stream = new Recorder();
        timers.watch(channel, stream);
        advanceTo(HEARTBEAT_MS - 1);
        assertEquals(List.of(), stream.calls);
        advanceTo(HEARTBEAT_MS + tickMs);
        assertEquals(1, stream.calls.size());
        assertTrue(stream.calls.get(0).startsWith("heartbeat@"), stream.calls::toString);
        long at = stream.at(0);
        assertTrue(at >= HEARTBEAT_MS && at <= HEARTBEAT_MS + tickMs, "heartbeat at " + at + " ms");
        // The heartbeat counts as output, so the next one is a whole interval later.
        advanceTo(at + HEARTBEAT_MS - 1);
        assertEquals(1, stream.calls.size());
        advanceTo(at + HEARTBEAT_MS + tickMs);
        assertEquals(2, stream.calls.size());
    }

    @Test
    void writingPostponesTheHeartbeat() {
        Recorder stream = new Recorder();
        StreamWatch watch = timers.watch(channel, stream);
        for (long t = 600; t <= 6000; t += 600) {
            advanceTo(t);
            watch.wrote();
        }
        assertEquals(List.of(), stream.calls, "a stream writing every 600 ms never needs a heartbeat");
        advanceTo(6000 + HEARTBEAT_MS + tickMs);
        assertEquals(1, stream.calls.size());
        assertTrue(stream.at(0) >= 6000 + HEARTBEAT_MS);
    }

    @Test
    void unwritableClientGetsNoHeartbeatAndIsDroppedAfterTheSlowClientTimeout() {
        Recorder stream = new Recorder();
        StreamWatch watch = timers.watch(channel, stream);
        advanceTo(500);
        watch.writabilityChanged(false);
        advanceTo(500 + SLOW_MS - 1);
        assertEquals(List.of(), stream.calls, "no heartbeat queued behind unsent bytes, no drop before the timeout");
        advanceTo(500 + SLOW_MS + tickMs);
        assertEquals(1, stream.calls.size(), stream.calls::toString);
        assertTrue(stream.calls.get(0).startsWith("slow@"));
        assertTrue(stream.at(0) >= 500 + SLOW_MS);
        assertTrue(watch.isCancelled());
        advanceTo(MAX_MS + 1000);
        assertEquals(1, stream.calls.size(), "a dropped stream hears nothing more");
    }

    @Test
    void becomingWritableAgainRestartsTheSlowClientClock() {
        Recorder stream = new Recorder();
        StreamWatch watch = timers.watch(channel, stream);
        for (long t = 0; t < 8000; t += 2000) {
            advanceTo(t);
            watch.writabilityChanged(false);
            advanceTo(t + 1900);
            watch.writabilityChanged(true);
            watch.wrote();
        }
        assertEquals(List.of(), stream.calls, "a slow but steady reader is never dropped");
    }

    @Test
    void maxDurationEndsTheStreamEvenWhileItWrites() {
        Recorder stream = new Recorder();
        StreamWatch watch = timers.watch(channel, stream);
        for (long t = 500; t < MAX_MS; t += 500) {
            advanceTo(t);
            watch.wrote();
        }
        advanceTo(MAX_MS + tickMs);
        assertEquals(1, stream.calls.size(), stream.calls::toString);
        assertTrue(stream.calls.get(0).startsWith("maxDuration@"));
        assertTrue(stream.at(0) >= MAX_MS && stream.at(0) <= MAX_MS + tickMs);
        assertTrue(watch.isCancelled());
    }

    @Test
    void cancelledStreamsHearNothingAndAnEmptyLoopHasNoTask() {
        Recorder kept = new Recorder();
        Recorder cancelled = new Recorder();
        timers.watch(channel, cancelled).cancel();
        StreamWatch keptWatch = timers.watch(channel, kept);
        assertEquals(1, timers.watchedOn(channel.eventLoop()));
        advanceTo(HEARTBEAT_MS + tickMs);
        assertEquals(List.of(), cancelled.calls);
        assertEquals(1, kept.calls.size());
        keptWatch.cancel();
        keptWatch.cancel();
        advanceTo(HEARTBEAT_MS + 3 * tickMs);
        assertEquals(0, timers.watchedOn(channel.eventLoop()));
        assertEquals(-1, channel.runScheduledPendingTasks(), "the sweep stops when its loop has no streams");
    }

    @Test
    void streamsCancellingThemselvesDuringASweepDoNotHideOthers() {
        List<Recorder> streams = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Recorder stream = new Recorder();
            stream.watch = timers.watch(channel, stream);
            stream.cancelOnHeartbeat = i % 3 == 0;
            streams.add(stream);
        }
        advanceTo(HEARTBEAT_MS + tickMs);
        for (Recorder stream : streams) {
            assertEquals(1, stream.calls.size(), "every stream gets its heartbeat exactly once");
        }
        assertEquals(50 - 17, timers.watchedOn(channel.eventLoop()));
    }

    @Test
    void shutdownEndsEveryStreamOfTheLoopWithASpreadRetryHint() {
        List<Recorder> streams = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Recorder stream = new Recorder();
            timers.watch(channel, stream);
            streams.add(stream);
        }
        assertEquals(20, timers.shutdown(channel.eventLoop(), 2000));
        for (Recorder stream : streams) {
            assertEquals(1, stream.calls.size());
            long hint = Long.parseLong(stream.calls.get(0).substring("shutdown:".length()));
            assertTrue(hint >= 2000 && hint <= 4000, "retry hint " + hint);
        }
        assertEquals(0, timers.watchedOn(channel.eventLoop()));
        assertEquals(0, timers.shutdown(channel.eventLoop(), 2000));
    }

    /** Records each callback with the frozen clock's time. */
    private final class Recorder implements TimedStream {
        final List<String> calls = new ArrayList<>();
        StreamWatch watch;
        boolean cancelOnHeartbeat;

        long at(int call) {
            return Long.parseLong(calls.get(call).substring(calls.get(call).indexOf('@') + 1));
        }

        @Override
        public void heartbeatDue() {
            calls.add("heartbeat@" + nowMs);
            if (cancelOnHeartbeat) {
                watch.cancel();
            }
        }

        @Override
        public void slowClientTimedOut() {
            calls.add("slow@" + nowMs);
        }

        @Override
        public void maxDurationReached() {
            calls.add("maxDuration@" + nowMs);
        }

        @Override
        public void shutdown(long retryHintMs) {
            calls.add("shutdown:" + retryHintMs);
        }
    }
}
