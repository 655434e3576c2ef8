package dev.sluice.gateway.upstream;

import dev.sluice.gateway.channel.ChannelName;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;

/**
 * What an upstream answer asks of Sluice when it holds the client instead of answering it (SPEC section
 * 10): {@code Sluice-Hold: stream} with {@code Sluice-Channel: <channel>}, or GRIP's synonyms
 * {@code Grip-Hold: stream} with {@code Grip-Channel: <channel>[; prev-id=<id>]}.
 *
 * <p>One channel per held stream: a {@code Grip-Channel} listing several (comma-separated) is refused
 * rather than half-honoured. GRIP's long-polling hold ({@code Grip-Hold: response}) is refused too:
 * Sluice serves event streams only. Channel parameters such as {@code prev-id} are accepted and not used:
 * a held stream starts with the channel's live events, and Sluice numbers a channel's events itself, so
 * an app's own previous id names no position in its log.
 *
 * @param channel the channel the client is to be subscribed to
 */
record HoldInstruction(String channel) {
    static final String SLUICE_HOLD = "sluice-hold";
    static final String SLUICE_CHANNEL = "sluice-channel";
    static final String GRIP_HOLD = "grip-hold";
    static final String GRIP_CHANNEL = "grip-channel";

    /**
     * The hold {@code headers} ask for, or {@code null} when they ask for none (relay as SPEC section 4).
     *
     * @throws UpstreamProtocolException when they ask for a hold Sluice cannot give
     */
    static HoldInstruction from(HttpHeaders headers) {
        String sluice = headers.get(SLUICE_HOLD);
        String grip = headers.get(GRIP_HOLD);
        if (sluice == null && grip == null) {
            return null;
        }
        boolean isGrip = sluice == null;
        String hold = (isGrip ? grip : sluice).trim().toLowerCase(Locale.ROOT);
        String holdHeader = isGrip ? "Grip-Hold" : "Sluice-Hold";
        if (!hold.equals("stream")) {
            throw new UpstreamProtocolException(holdHeader + ": '" + hold
                    + "' is not supported (only 'stream': Sluice holds event streams, not long polls)");
        }
        String channelHeader = isGrip ? "Grip-Channel" : "Sluice-Channel";
        String value = headers.get(isGrip ? GRIP_CHANNEL : SLUICE_CHANNEL);
        if (value == null || value.isBlank()) {
            throw new UpstreamProtocolException(holdHeader + " without " + channelHeader);
        }
        if (value.indexOf(',') >= 0 || headers.getAll(isGrip ? GRIP_CHANNEL : SLUICE_CHANNEL).size() > 1) {
            throw new UpstreamProtocolException(channelHeader + " names more than one channel; Sluice holds a stream on one");
        }
        int semicolon = value.indexOf(';');
        String channel = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
        if (!ChannelName.isValid(channel)) {
            throw new UpstreamProtocolException(channelHeader + ": '" + channel
                    + "' is not a channel name (1-" + ChannelName.MAX_LENGTH + " of A-Z a-z 0-9 . _ : -)");
        }
        return new HoldInstruction(channel);
    }
}
