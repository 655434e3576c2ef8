package dev.sluice.gateway.log;

import java.util.List;

/**
 * What a log answers a subscriber that asked to read it, possibly after a position (SPEC sections 8
 * and 9).
 *
 * @param kind how the subscription went
 * @param replay for {@link Kind#LIVE}: the events after the asked position, in order (lent)
 * @param reset for {@link Kind#LIVE}: the asked position is older than the log keeps, so events were
 *     missed and the replay starts with what is live
 * @param code for {@link Kind#REFUSED}: the error code ({@code too_many_subscribers}, …)
 * @param message for {@link Kind#REFUSED}: the human text
 */
public record SubscribeAnswer(Kind kind, List<LogEvent> replay, boolean reset, String code, String message) {

    public enum Kind {
        /** Subscribed: replay (if any) follows, then live events. */
        LIVE,
        /** The asked position is the log's final event: nothing more will come ({@code 204}). */
        FINISHED,
        /** No such stream here, or it expired ({@code 204}, {@code x-sluice-stream: expired}). */
        UNKNOWN,
        /** A limit refused the subscription ({@code 503}). */
        REFUSED
    }

    public static SubscribeAnswer live(List<LogEvent> replay, boolean reset) {
        return new SubscribeAnswer(Kind.LIVE, replay, reset, null, null);
    }

    public static SubscribeAnswer finished() {
        return new SubscribeAnswer(Kind.FINISHED, List.of(), false, null, null);
    }

    public static SubscribeAnswer unknown() {
        return new SubscribeAnswer(Kind.UNKNOWN, List.of(), false, null, null);
    }

    public static SubscribeAnswer refused(String code, String message) {
        return new SubscribeAnswer(Kind.REFUSED, List.of(), false, code, message);
    }

    /** Releases the replayed events; the producer's side does this after {@link Subscriber#started}. */
    public void release() {
        replay.forEach(LogEvent::release);
    }
}
