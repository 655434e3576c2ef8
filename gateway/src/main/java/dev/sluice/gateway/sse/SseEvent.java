package dev.sluice.gateway.sse;

/**
 * One server-sent event, ready to encode. Immutable.
 *
 * <p>The id and the event name are written verbatim after {@code id: } and {@code event: }, so they
 * are checked here: a CR, LF or NUL in either would end the field early and let text inject fields
 * or whole events.
 *
 * @param id the {@code id} field, or {@code null} for none
 * @param name the {@code event} field, or {@code null} for the default {@code message}
 * @param data what goes into the {@code data} field(s)
 */
public record SseEvent(String id, String name, EventData data) {
    public SseEvent {
        requireFieldSafe("id", id);
        requireFieldSafe("event name", name);
        if (name != null && name.isEmpty()) {
            throw new IllegalArgumentException("event name must not be empty");
        }
        if (data == null) {
            throw new IllegalArgumentException("event data must not be null");
        }
    }

    /**
     * The {@code error} event that ends a failing stream (SPEC section 3):
     * {@code {"streamId":...,"code":...,"message":...}}.
     *
     * @param id the event's id, or {@code null} for none
     */
    public static SseEvent error(String id, String streamId, String code, String message) {
        return new SseEvent(id, "error", EventData.json(g -> {
            g.writeStartObject();
            g.writeStringField("streamId", streamId);
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        }));
    }

    private static void requireFieldSafe(String what, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException(what + " must not contain CR, LF or NUL");
            }
        }
    }
}
