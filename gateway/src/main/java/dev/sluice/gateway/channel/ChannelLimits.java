package dev.sluice.gateway.channel;

import java.util.List;

/**
 * The bounds and credentials of the channel API (SPEC section 9). Immutable, built once at start.
 *
 * @param publishTokens bearer tokens allowed to publish; none means every publish is refused with 403
 * @param maxChannels most channels open at once on this node; a new one beyond gets {@code 503}
 * @param maxSubscribers most subscribers of one channel on this node; one more gets {@code 503}
 * @param maxEventBytes largest event a publisher may send (its SSE form); larger gets {@code 413}
 * @param replayEvents most events a channel keeps for {@code Last-Event-ID} replay
 * @param replayBytes most bytes a channel keeps for replay; also how far a subscriber's connection may
 *     lag behind before it is dropped as a slow client
 * @param idleMs a channel with no subscriber and no publish for this long is closed and its log freed
 *     (the resume window)
 */
public record ChannelLimits(List<String> publishTokens, int maxChannels, int maxSubscribers, int maxEventBytes,
        int replayEvents, long replayBytes, long idleMs) {
    public ChannelLimits {
        publishTokens = List.copyOf(publishTokens);
    }

    /** Defaults for tests and embedding. */
    public static ChannelLimits defaults(List<String> tokens) {
        return new ChannelLimits(tokens, 10_000, 19_000, 65_536, 100, 1 << 20, 30_000);
    }
}
