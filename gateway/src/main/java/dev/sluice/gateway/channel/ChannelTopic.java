package dev.sluice.gateway.channel;

import dev.sluice.gateway.bus.BusDelivery;
import dev.sluice.gateway.bus.BusSink;
import dev.sluice.gateway.bus.BusSubscription;
import dev.sluice.gateway.log.EventRun;
import dev.sluice.gateway.log.LogEvent;
import dev.sluice.gateway.log.SubscribeAnswer;
import dev.sluice.gateway.log.Subscriber;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One channel on this node: the node's one bus subscription for it, its replay log, and its local
 * subscribers grouped by event loop.
 *
 * <p><b>Threads.</b> Everything here runs on the channel's home loop, without locks. A delivery from
 * the bus is encoded once, appended to the log, and sent to each loop that has subscribers as one task
 * carrying a shared copy of the batch ({@link LoopSubscribers#fanOut}); each subscriber there writes
 * its own {@code retainedDuplicate()}. A subscriber joins through the home loop, which answers it with
 * the replay and, in the same task, counts it for its loop; the answer and every later batch travel to
 * the subscriber's loop in one queue, so it sees each event once, in order, with nothing skipped.
 */
final class ChannelTopic implements BusSink {
    private final ChannelHub hub;
    private final String name;
    private final EventExecutor home;
    private final ChannelLog log;
    private final ByteBufAllocator alloc;
    private final Map<EventExecutor, LoopSubscribers> loops = new HashMap<>(4);
    private final ArrayDeque<Runnable> waitingForCatchUp = new ArrayDeque<>(0);
    private BusSubscription busSubscription;
    private boolean caughtUp;
    private boolean closed;
    private int subscribers;
    private ScheduledFuture<?> idle;

    ChannelTopic(ChannelHub hub, String name, EventExecutor home, ChannelLog log, ByteBufAllocator alloc) {
        this.hub = hub;
        this.name = name;
        this.home = home;
        this.log = log;
        this.alloc = alloc;
    }

    void open(BusSubscription subscription) {
        this.busSubscription = subscription;
        home.execute(this::armIdle);
    }

    String name() {
        return name;
    }

    EventExecutor home() {
        return home;
    }

    /** Home loop: whether the topic was closed for idleness, so a late caller must open it again. */
    boolean isClosed() {
        return closed;
    }

    @Override
    public void deliver(List<BusDelivery> messages) {
        if (!home.inEventLoop()) {
            home.execute(() -> deliver(messages));
            return;
        }
        if (closed) {
            return;
        }
        List<LogEvent> batch = encode(messages);
        try {
            for (LogEvent event : batch) {
                log.append(event.retainedDuplicate());
            }
            hub.stats().published(batch.size());
            for (LoopSubscribers loop : loops.values()) {
                List<LogEvent> copy = new ArrayList<>(batch.size());
                for (LogEvent event : batch) {
                    copy.add(event.retainedDuplicate());
                }
                loop.loop.execute(loop.fanOut(copy));
            }
        } finally {
            batch.forEach(LogEvent::release);
        }
        if (subscribers == 0) {
            armIdle();
        }
    }

    /**
     * Encodes a delivery's events once, back to back in one buffer ({@link EventRun}), so that each
     * subscriber writes the batch as one chunk of shared bytes.
     */
    private List<LogEvent> encode(List<BusDelivery> messages) {
        if (messages.size() == 1) {
            // One event (the usual publish): its own buffer, no slice, no run.
            BusDelivery delivery = messages.get(0);
            List<LogEvent> one = new ArrayList<>(1);
            one.add(new LogEvent(delivery.seq(), ChannelEventEncoder.encode(alloc, delivery), delivery.message().close()));
            return one;
        }
        int capacity = 0;
        for (BusDelivery delivery : messages) {
            capacity += ChannelEventEncoder.capacity(delivery);
        }
        EventRun run = new EventRun(alloc, capacity, messages.size());
        try {
            for (BusDelivery delivery : messages) {
                ChannelEventEncoder.encode(run.out(), delivery);
                run.add(delivery.seq(), delivery.message().close());
            }
        } catch (RuntimeException e) {
            run.discard();
            throw e;
        }
        return run.finish();
    }

    @Override
    public void caughtUp() {
        if (!home.inEventLoop()) {
            home.execute(this::caughtUp);
            return;
        }
        caughtUp = true;
        Runnable waiting;
        while ((waiting = waitingForCatchUp.poll()) != null) {
            waiting.run();
        }
    }

    /**
     * Home loop: answers {@code subscriber} with the events after {@code afterSeq} ({@code -1}: none,
     * live only) and counts it in, or refuses it at the subscriber limit.
     */
    void attach(ChannelSubscription subscription, long afterSeq) {
        Subscriber subscriber = subscription.subscriber();
        if (closed) {
            hub.attachAgain(name, subscription, afterSeq);
            return;
        }
        if (!caughtUp) {
            waitingForCatchUp.add(() -> attach(subscription, afterSeq));
            return;
        }
        if (subscribers >= hub.limits().maxSubscribers()) {
            SubscribeAnswer refused = SubscribeAnswer.refused("too_many_subscribers",
                    "channel " + name + " has its limit of " + hub.limits().maxSubscribers() + " subscribers");
            subscriber.executor().execute(() -> subscriber.started(refused));
            return;
        }
        SubscribeAnswer answer = afterSeq < 0 ? SubscribeAnswer.live(List.of(), false) : log.after(afterSeq);
        if (answer.kind() != SubscribeAnswer.Kind.LIVE) {
            subscriber.executor().execute(() -> subscriber.started(answer));
            return;
        }
        LoopSubscribers loop = loops.computeIfAbsent(subscriber.executor(), LoopSubscribers::new);
        loop.count++;
        subscribers++;
        hub.stats().subscribed(1);
        cancelIdle();
        loop.loop.execute(() -> subscription.activate(loop, answer));
    }

    /** From a subscriber's loop: one subscription of {@code loop} ended. */
    void detached(LoopSubscribers loop) {
        if (!home.inEventLoop()) {
            home.execute(() -> detached(loop));
            return;
        }
        loop.count--;
        subscribers--;
        hub.stats().subscribed(-1);
        if (loop.count == 0) {
            loops.remove(loop.loop, loop);
        }
        if (subscribers == 0) {
            armIdle();
        }
    }

    private void armIdle() {
        cancelIdle();
        if (!closed && subscribers == 0) {
            idle = home.schedule(this::closeIfIdle, hub.limits().idleMs(), TimeUnit.MILLISECONDS);
        }
    }

    private void cancelIdle() {
        if (idle != null) {
            idle.cancel(false);
            idle = null;
        }
    }

    private void closeIfIdle() {
        idle = null;
        if (subscribers > 0 || closed) {
            return;
        }
        closed = true;
        // The bus subscription goes first, so that the channel can be opened again at once.
        busSubscription.close();
        hub.closed(this);
        log.release();
    }

    /** Home loop: a publish is about to happen; an idle channel stays open for it. */
    void touch() {
        if (subscribers == 0) {
            armIdle();
        }
    }

    /** Home loop: frees the log at shutdown or in tests. */
    void close() {
        cancelIdle();
        if (!closed) {
            closed = true;
            busSubscription.close();
            log.release();
        }
    }

    /** Home loop: for tests and diagnostics. */
    int logSize() {
        return log.size();
    }
}
