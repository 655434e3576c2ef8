package dev.sluice.gateway.testing;

import java.util.Map;

/**
 * One event as a client reassembles it from the wire.
 *
 * @param id the last {@code id} field, or {@code null}
 * @param event the {@code event} field, or {@code null} for the default
 * @param data the {@code data} lines joined with LF
 * @param arrivalNanos {@link System#nanoTime()} when the blank line ending the event was read; 0 when unknown
 */
public record ReceivedEvent(String id, String event, String data, long arrivalNanos) {

    /** The data parsed as a JSON object. */
    public Map<String, Object> json() {
        return JsonDocument.parseObject(data);
    }
}
