package dev.sluice.gateway.redis;

import dev.sluice.gateway.bus.BusMessage;
import dev.sluice.gateway.channel.ChannelHub;
import dev.sluice.gateway.log.LogEvent;
import dev.sluice.gateway.log.LogSource;
import dev.sluice.gateway.log.SubscribeAnswer;
import dev.sluice.gateway.log.Subscription;
import dev.sluice.gateway.stage.SharedStageLogs;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * Stage jobs' logs through Redis (SPEC sections 8 and 12), so that a client that left the node running
 * its job resumes on any node with {@code Last-Event-ID}.
 *
 * <p>The node running a job appends each event it emits, as the exact bytes it sent (ids
 * {@code <streamId>:<seq>} included), to the Redis stream of an internal channel
 * {@code ~stage:<streamId>} at the event's own seq ({@link RedisBus#append}); the stream expires
 * {@code --resume-window-ms} after the final event (and resume window plus maximum stream duration
 * after any other). Another node asked for that stream follows the channel like any channel
 * subscriber (one Redis subscription per node, replay from the stream, then live): it replays what the
 * client missed and relays the rest as the running node emits it, byte for byte what the running node
 * sends its own subscribers. A stream Redis does not know gets {@code 204} with
 * {@code x-sluice-stream: expired}; one whose final event the client has, {@code 204}. The {@code ~}
 * keeps these channels apart from the publish API's, whose names cannot contain it.
 *
 * <p>Cost: one Redis command per stage event on the running node, pipelined on the bus's connection.
 */
public final class RedisStageLogs implements SharedStageLogs {
    private static final String PREFIX = "~stage:";

    private final RedisBus bus;
    private final ChannelHub hub;
    private final long runningTtlMs;
    private final long finishedTtlMs;

    /**
     * @param resumeWindowMs how long a finished stream stays resumable
     * @param maxStreamDurationMs the longest a job runs (0: no limit, then a day is assumed)
     */
    public RedisStageLogs(RedisBus bus, ChannelHub hub, long resumeWindowMs, long maxStreamDurationMs) {
        this.bus = bus;
        this.hub = hub;
        this.finishedTtlMs = Math.max(1, resumeWindowMs);
        this.runningTtlMs = finishedTtlMs + (maxStreamDurationMs > 0 ? maxStreamDurationMs : 86_400_000L);
    }

    @Override
    public void emitted(String streamId, List<LogEvent> events) {
        String channel = PREFIX + streamId;
        for (LogEvent event : events) {
            BusMessage message = BusMessage.raw(ByteBufUtil.getBytes(event.bytes()), event.last());
            bus.append(channel, event.seq(), message, event.last() ? finishedTtlMs : runningTtlMs);
        }
    }

    @Override
    public LogSource elsewhere(String streamId) {
        String channel = PREFIX + streamId;
        return (subscriber, afterSeq) -> {
            Handoff handoff = new Handoff();
            bus.lastEntry(channel).whenComplete((last, failure) -> {
                SubscribeAnswer answer;
                if (failure != null) {
                    answer = SubscribeAnswer.refused("bus_unavailable", "the shared stream log cannot be reached");
                } else if (last == null) {
                    answer = SubscribeAnswer.unknown();
                } else if (last.close() && afterSeq >= last.seq()) {
                    answer = SubscribeAnswer.finished();
                } else {
                    answer = null;
                }
                subscriber.executor().execute(() -> {
                    if (answer != null) {
                        subscriber.started(answer);
                    } else {
                        handoff.follow(hub.subscribe(channel, afterSeq, subscriber));
                    }
                });
            });
            return handoff;
        };
    }

    /** The subscription once the check has answered; cancelled before that, it cancels what follows. Subscriber's loop only. */
    private static final class Handoff implements Subscription {
        private Subscription current;
        private boolean cancelled;

        void follow(Subscription subscription) {
            if (cancelled) {
                subscription.cancel();
            } else {
                current = subscription;
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            if (current != null) {
                current.cancel();
                current = null;
            }
        }
    }
}
