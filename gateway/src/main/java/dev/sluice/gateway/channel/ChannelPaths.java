package dev.sluice.gateway.channel;

/** The channel API's path patterns (SPEC section 9); {@code {channel}} is one path segment. */
public final class ChannelPaths {
    public static final String EVENTS = "/api/channels/{channel}/events";
    public static final String STREAM = "/api/channels/{channel}/stream";

    private ChannelPaths() {
    }
}
