package dev.sluice.bench.client;

import dev.sluice.bench.nulltarget.NullTarget;
import dev.sluice.bench.stats.EventSchedule;
import dev.sluice.bench.stats.LoadStats;
import dev.sluice.bench.stats.StreamClock;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the client's whole stream path (connect from the pacing thread through the run's own connect code
 * and source addresses, request, response head, events,
 * {@code complete}, close) over loopback against a {@link NullTarget} started in this process, recorded
 * nowhere, before the network warm-up against the real target.
 *
 * <p>Why: the client is a fresh JVM per pass, and the network warm-up (about a second of streams that
 * leave after their first event) left several hundred methods of the connect and close path to be
 * compiled during the measured run: a JIT log of a {@code calibrate ramp} showed 650 compilations, 235
 * of them C2, after the clock started. The compiler threads share the client's CPU with its event loop,
 * so each compilation can hold a read back by a scheduler slice. C2 compiles a method after some
 * thousands of calls, so this runs several thousand streams, bounded in time. Against a null target in
 * this process it costs the real target nothing: its cold figures stay the first streams it serves
 * after the usual network warm-up.
 */
final class LoopbackWarmUp {

    /**
     * Most streams opened. C2 compiles a method after 5,000 to 15,000 calls, and raises those thresholds
     * while its queue is long, so the warm-up runs for {@link #DURATION_NANOS} rather than to a count.
     */
    static final int STREAMS = 30_000;
    /** Most streams open at once; the next one opens when one ends. */
    private static final int CONCURRENT = 200;
    /** Stages per warm-up stream, whatever the plan's (events are sent without delay). */
    private static final int STAGES = 6;
    /** How long the warm-up opens streams (about 4,000 a second on one CPU). */
    private static final long DURATION_NANOS = TimeUnit.SECONDS.toNanos(4);

    private LoopbackWarmUp() {
    }

    /** How the run opens a stream's connection: the same code the measured streams go through. */
    interface Connector {
        void connect(StreamHandler handler, InetSocketAddress remote);
    }

    /**
     * Runs up to {@code streams} streams through {@code connector} (the run's own connect path, event
     * loops and source addresses) against an in-process null target; returns how many completed.
     */
    static int run(ClientTransport transport, Connector connector, LoadPlan plan, int streams)
            throws InterruptedException {
        try (NullTarget target = NullTarget.start(transport, 0, STAGES, 0)) {
            byte[] request = new StreamRequests("127.0.0.1", target.port(), plan.path(), plan.post(), plan.message())
                    .bytes();
            InetSocketAddress remote = new InetSocketAddress("127.0.0.1", target.port());
            EventSchedule schedule = EventSchedule.uniform(STAGES, 0);
            LoadStats discarded = new LoadStats();
            Semaphore slots = new Semaphore(CONCURRENT);
            AtomicInteger completed = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(streams);
            long limit = System.nanoTime() + DURATION_NANOS;
            int opened = 0;
            while (opened < streams && slots.tryAcquire(Math.max(0, limit - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                long now = System.nanoTime();
                StreamHandler handler = new StreamHandler(request, new StreamClock(now, schedule, discarded),
                        new StreamCheck(STAGES + 1), discarded, now + TimeUnit.SECONDS.toNanos(5), Long.MAX_VALUE,
                        false, outcome -> {
                            if (outcome.kind() == StreamOutcome.Kind.COMPLETED) {
                                completed.incrementAndGet();
                            }
                            slots.release();
                            done.countDown();
                        });
                connector.connect(handler, remote);
                opened++;
            }
            done.await(Math.max(0, limit - System.nanoTime()) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
            return completed.get();
        }
    }
}
