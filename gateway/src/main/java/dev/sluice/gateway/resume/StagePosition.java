package dev.sluice.gateway.resume;

/**
 * A stage stream event id parsed (SPEC section 8): {@code <streamId>:<seq>}, e.g.
 * {@code s-1f3a9c0d2b4e6f81:3}.
 *
 * @param streamId the stream the event belongs to
 * @param seq the event's position in it
 */
public record StagePosition(String streamId, long seq) {

    /** The position {@code id} names, or {@code null} when it is not a stage event id. */
    public static StagePosition parse(String id) {
        int colon = id.lastIndexOf(':');
        if (colon != 18 || !id.startsWith("s-")) {
            return null;
        }
        for (int i = 2; i < colon; i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        long seq = LastEventId.channelSeq(id.substring(colon + 1));
        return seq == Long.MAX_VALUE ? null : new StagePosition(id.substring(0, colon), seq);
    }
}
