package dev.sluice.bench.sse;

/**
 * One dispatched server-sent event.
 *
 * @param id   the last event id in force when the event was dispatched ("" when the stream never set one)
 * @param type the event name ("message" when the event had no {@code event:} field)
 * @param data the data lines joined with LF, without the trailing LF
 */
public record SseEvent(String id, String type, String data) {
}
