package dev.sluice.gateway.log;

import io.netty.util.concurrent.EventExecutor;
import java.util.List;

/**
 * Reads one stream's log: the stage producer's, or a channel's. Every call comes on the subscriber's
 * own {@link #executor()}; a producer on another loop hands its calls over with {@code execute}, so a
 * subscriber is confined to one thread and takes no locks.
 *
 * <p>First comes exactly one {@link #started} with the answer to the subscription (and the events
 * replayed after the asked position), then {@link #deliver} for live events, in order. Events are lent
 * (see {@link LogEvent}).
 */
public interface Subscriber {

    /** The loop this subscriber lives on; producers call it there and nowhere else. */
    EventExecutor executor();

    /** The answer to the subscription; for {@link SubscribeAnswer.Kind#LIVE} the replayed events first. */
    void started(SubscribeAnswer answer);

    /** Live events in log order. */
    void deliver(List<LogEvent> events);
}
