package dev.sluice.gateway.stage;

import dev.sluice.gateway.log.EventRun;
import dev.sluice.gateway.log.LogEvent;
import dev.sluice.gateway.log.LogSource;
import dev.sluice.gateway.log.SubscribeAnswer;
import dev.sluice.gateway.log.Subscriber;
import dev.sluice.gateway.log.Subscription;
import dev.sluice.gateway.sse.EventData;
import dev.sluice.gateway.sse.SseEvent;
import dev.sluice.gateway.sse.SseEventEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Runs one chat stream through its {@link StagePlan} on one event loop (SPEC section 3) as the
 * producer of a log that outlives any connection (SPEC section 8): connections subscribe to it, leave,
 * and come back with {@code Last-Event-ID}.
 *
 * <p><b>Schedule.</b> The first stage event is due at start. Each later one is scheduled with
 * {@code loop.schedule(...)} for its due time, measured from the start (so a late event does not push
 * every later one back). Events already due when a task runs (zero-delay stages, or a loop that ran
 * late) go out together, at most {@value #MAX_BATCH}, as one delivery: encoded back to back in one
 * buffer ({@link EventRun}), each still its own event, written by each subscriber as one chunk and one
 * flush. The bound keeps one fast stream from holding its loop.
 *
 * <p><b>The log is regenerated, not stored.</b> Stage events are a pure function of the plan, the
 * stream id and when each event went out, so the job keeps only those emission times (one
 * {@code long} per event) and encodes an event again when a reconnecting subscriber needs it. What a
 * job keeps for replay is thus a few dozen bytes, whatever its subscribers do.
 *
 * <p><b>Life.</b> A job runs to {@code complete} whether or not anyone is subscribed. When its last
 * subscriber leaves, it starts its resume window; a subscriber arriving within it cancels the window.
 * When the window ends the job is cancelled (if still running) and forgotten: a reconnect then gets
 * {@code 204} with {@code x-sluice-stream: expired}.
 *
 * <p><b>Threads.</b> Everything here runs on {@link #loop}. A subscriber on another loop is answered
 * and fed by tasks handed to its loop with {@code execute}, each carrying its own reference to the
 * shared bytes; since those tasks leave this loop in order, it sees every event once, in order.
 */
public final class StageJob implements Runnable {
    /** Most events in one delivery, about 10 KB for typical stage events. */
    static final int MAX_BATCH = 64;
    /** Room for one typical stage event; a batch gets this per event, and larger ones grow it. */
    private static final int EVENT_CAPACITY = 192;
    private static final Subscriber[] NO_SUBSCRIBERS = new Subscriber[0];

    private final EventExecutor loop;
    private final ByteBufAllocator alloc;
    private final StageEventWriter stageEvents;
    private final StagePlan plan;
    private final SseEventEncoder encoder;
    private final String streamId;
    private final StageObserver stages;
    private final StageJobs jobs;
    private final Ticker ticker;
    /** When each event went out, in ns from the start; {@code plan.size() + 1} events in all. */
    private final long[] emittedAt;

    private long startNanos;
    /** Offset from start, in ns, at which the next event is due. */
    private long nextDueNanos;
    /** Events written so far; the next one's seq is {@code emitted + 1}. */
    private int emitted;
    private ScheduledFuture<?> pending;
    private ScheduledFuture<?> expiry;
    private Subscriber[] subscribers = NO_SUBSCRIBERS;
    private boolean cancelled;

    StageJob(EventExecutor loop, ByteBufAllocator alloc, StageEventWriter stageEvents, SseEventEncoder encoder,
            String streamId, StageObserver stages, StageJobs jobs) {
        this.loop = loop;
        this.alloc = alloc;
        this.stageEvents = stageEvents;
        this.plan = stageEvents.plan();
        this.encoder = encoder;
        this.streamId = streamId;
        this.stages = stages;
        this.jobs = jobs;
        this.ticker = loop.ticker();
        this.emittedAt = new long[plan.size() + 1];
    }

    /**
     * Starts a job on {@code loop} with its first subscriber (on the same loop), which is answered with
     * the events due at once (the first stage event) in the same call, so its response head and first
     * event leave in one flush.
     */
    public static StageJob start(EventExecutor loop, ByteBufAllocator alloc, StageEventWriter stageEvents,
            SseEventEncoder encoder, String streamId, StageObserver stages, StageJobs jobs, Subscriber first,
            BiConsumer<LogSource, Subscription> subscribed) {
        StageJob job = new StageJob(loop, alloc, stageEvents, encoder, streamId, stages, jobs);
        jobs.added(job);
        job.begin(first, subscribed);
        return job;
    }

    private void begin(Subscriber first, BiConsumer<LogSource, Subscription> subscribed) {
        startNanos = ticker.nanoTime();
        subscribers = new Subscriber[] {first};
        subscribed.accept(this::subscribe, () -> detach(first));
        List<LogEvent> due = emitDue(startNanos);
        try {
            jobs.shared().emitted(streamId, due);
            first.started(SubscribeAnswer.live(due, false));
        } finally {
            due.forEach(LogEvent::release);
        }
        afterEmitting(startNanos);
    }

    public String streamId() {
        return streamId;
    }

    /** The seq of the job's final event ({@code complete}). */
    public int finalSeq() {
        return plan.size() + 1;
    }

    @Override
    public void run() {
        pending = null;
        if (cancelled) {
            return;
        }
        long now = ticker.nanoTime();
        List<LogEvent> due = emitDue(now);
        try {
            jobs.shared().emitted(streamId, due);
            deliver(due);
        } finally {
            due.forEach(LogEvent::release);
        }
        afterEmitting(now);
    }

    /** Encodes the next event and every later one already due at {@code now}, at most {@value #MAX_BATCH}. */
    private List<LogEvent> emitDue(long now) {
        int first = emitted;
        do {
            int index = emitted;
            if (index > 0) {
                long stageNanos = now - startNanos - emittedAt[index - 1];
                stages.stageFinished(index - 1, stageNanos);
            }
            emittedAt[index] = now - startNanos;
            emitted++;
            if (index < plan.size()) {
                nextDueNanos += TimeUnit.MILLISECONDS.toNanos(plan.stage(index).delayMs());
            }
        } while (emitted < emittedAt.length && emitted - first < MAX_BATCH && startNanos + nextDueNanos <= now);
        return encode(first, emitted);
    }

    private void afterEmitting(long now) {
        if (emitted == emittedAt.length) {
            return;
        }
        long delay = startNanos + nextDueNanos - now;
        if (delay <= 0) {
            // Due already (zero-delay plans, or a late loop): run after whatever else is queued,
            // so one fast stream cannot monopolise the event loop.
            loop.execute(this);
        } else {
            pending = loop.schedule(this, delay, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The events at {@code [from, to)} (seq {@code index + 1}), encoded (again) from the plan and their
     * emission times, back to back in one buffer ({@link EventRun}).
     */
    private List<LogEvent> encode(int from, int to) {
        if (from >= to) {
            return new ArrayList<>(0);
        }
        if (to - from == 1) {
            // One event (every stage of a plan with delays): its own buffer, no slice, no run.
            List<LogEvent> one = new ArrayList<>(1);
            one.add(encode(from));
            return one;
        }
        EventRun run = new EventRun(alloc, EVENT_CAPACITY * (to - from), to - from);
        try {
            for (int index = from; index < to; index++) {
                write(run.out(), index);
                run.add(index + 1, index == plan.size());
            }
        } catch (RuntimeException e) {
            run.discard();
            throw e;
        }
        return run.finish();
    }

    /** The event at {@code index} alone, in a buffer of its own. */
    private LogEvent encode(int index) {
        ByteBuf out = alloc.ioBuffer(EVENT_CAPACITY);
        try {
            write(out, index);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return new LogEvent(index + 1, out, index == plan.size());
    }

    private void write(ByteBuf out, int index) {
        if (index < plan.size()) {
            stageEvents.write(out, index, streamId, millis(emittedAt[index]));
        } else {
            encoder.encode(out, completeEvent());
        }
    }

    private SseEvent completeEvent() {
        int seq = plan.size() + 1;
        long elapsedMs = millis(emittedAt[plan.size()]);
        return new SseEvent(streamId + ":" + seq, "complete", EventData.json(g -> {
            g.writeStartObject();
            g.writeStringField("streamId", streamId);
            g.writeNumberField("seq", seq);
            g.writeNumberField("progress", 100);
            g.writeNumberField("elapsedMs", elapsedMs);
            g.writeObjectFieldStart("stageMs");
            for (int i = 0; i < plan.size(); i++) {
                g.writeNumberField(plan.stage(i).id(), millis(emittedAt[i + 1] - emittedAt[i]));
            }
            g.writeEndObject();
            g.writeEndObject();
        }));
    }

    private void deliver(List<LogEvent> events) {
        // The array is replaced, never changed, when a subscriber leaves; so one ended by this very
        // delivery (the complete event), which detaches at once, does not disturb the walk.
        for (Subscriber subscriber : subscribers) {
            if (subscriber.executor().inEventLoop()) {
                subscriber.deliver(events);
            } else {
                List<LogEvent> shared = new ArrayList<>(events.size());
                events.forEach(event -> shared.add(event.retainedDuplicate()));
                subscriber.executor().execute(() -> {
                    try {
                        subscriber.deliver(shared);
                    } finally {
                        shared.forEach(LogEvent::release);
                    }
                });
            }
        }
    }

    /**
     * Subscribes {@code subscriber} (from its own loop) to the events after {@code afterSeq}: those
     * already written are encoded again and replayed, then it gets the live ones. A job cancelled
     * meanwhile answers {@link SubscribeAnswer.Kind#UNKNOWN}.
     */
    public Subscription subscribe(Subscriber subscriber, long afterSeq) {
        if (loop.inEventLoop()) {
            attach(subscriber, afterSeq);
        } else {
            loop.execute(() -> attach(subscriber, afterSeq));
        }
        return () -> detach(subscriber);
    }

    private void attach(Subscriber subscriber, long afterSeq) {
        SubscribeAnswer answer;
        if (cancelled) {
            answer = SubscribeAnswer.unknown();
        } else if (afterSeq >= finalSeq()) {
            answer = SubscribeAnswer.finished();
        } else {
            List<LogEvent> replay = encode((int) Math.max(0, afterSeq), emitted);
            answer = SubscribeAnswer.live(replay, false);
            subscribers = Arrays.copyOf(subscribers, subscribers.length + 1);
            subscribers[subscribers.length - 1] = subscriber;
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
        }
        if (subscriber.executor().inEventLoop()) {
            try {
                subscriber.started(answer);
            } finally {
                answer.release();
            }
        } else {
            subscriber.executor().execute(() -> {
                try {
                    subscriber.started(answer);
                } finally {
                    answer.release();
                }
            });
        }
    }

    private void detach(Subscriber subscriber) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> detach(subscriber));
            return;
        }
        int at = Arrays.asList(subscribers).indexOf(subscriber);
        if (at < 0) {
            return;
        }
        Subscriber[] fewer = new Subscriber[subscribers.length - 1];
        System.arraycopy(subscribers, 0, fewer, 0, at);
        System.arraycopy(subscribers, at + 1, fewer, at, fewer.length - at);
        subscribers = fewer.length == 0 ? NO_SUBSCRIBERS : fewer;
        if (subscribers.length == 0 && !cancelled) {
            long window = jobs.windowNanos();
            if (window == 0) {
                expire();
            } else {
                expiry = loop.schedule(this::expire, window, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** The resume window passed with nobody subscribed: stop (if still running) and be forgotten. */
    private void expire() {
        expiry = null;
        cancelled = true;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        jobs.removed(this);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
