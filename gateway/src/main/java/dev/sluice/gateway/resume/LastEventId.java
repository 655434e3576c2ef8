package dev.sluice.gateway.resume;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * The position a reconnecting client asks to continue from (SPEC section 8): the
 * {@code Last-Event-ID} header that {@code EventSource} sends by itself, or a {@code lastEventId}
 * query parameter for clients that cannot set headers. The header wins when both are given.
 */
public final class LastEventId {
    public static final AsciiString HEADER = AsciiString.cached("last-event-id");
    public static final String QUERY_PARAMETER = "lastEventId";
    /** Longer than any id the gateway writes; a longer one is not ours. */
    private static final int MAX_LENGTH = 256;

    private LastEventId() {
    }

    /** The asked id, or {@code null} when the request asks for none (an empty header asks for none). */
    public static String of(HttpRequest request, QueryStringDecoder uri) {
        String id = request.headers().get(HEADER);
        if (id == null) {
            List<String> values = uri.parameters().get(QUERY_PARAMETER);
            id = values == null ? null : values.get(0);
        }
        if (id == null || id.isEmpty()) {
            return null;
        }
        return id.length() > MAX_LENGTH ? id.substring(0, MAX_LENGTH) : id;
    }

    /**
     * A channel event id: its sequence number, or {@code Long.MAX_VALUE} for an id that is not one
     * (no position of ours, so the log answers with a reset).
     */
    public static long channelSeq(String id) {
        if (id.isEmpty() || id.length() > 18) {
            return Long.MAX_VALUE;
        }
        long seq = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MAX_VALUE;
            }
            seq = seq * 10 + (c - '0');
        }
        return seq;
    }
}
