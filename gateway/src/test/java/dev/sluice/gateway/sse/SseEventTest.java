package dev.sluice.gateway.sse;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SseEventTest {
    private static final EventData DATA = EventData.text("x");

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "a\r\nb", "\n", "a\u0000", "7\n\nevent: injected"})
    void idWithCrLfOrNulIsRejected(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SseEvent(id, "stage", DATA));
        assertTrue(e.getMessage().contains("id"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\rb", "stage\r\n", "\u0000", "x\n\ndata: injected"})
    void eventNameWithCrLfOrNulIsRejected(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SseEvent("1", name, DATA));
        assertTrue(e.getMessage().contains("event name"), e.getMessage());
    }

    @Test
    void emptyEventNameAndMissingDataAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SseEvent("1", "", DATA));
        assertThrows(IllegalArgumentException.class, () -> new SseEvent("1", "stage", null));
    }

    @Test
    void ordinaryValuesAreAccepted() {
        assertDoesNotThrow(() -> new SseEvent("42", "stage", DATA));
        assertDoesNotThrow(() -> new SseEvent("", "a b:c\t", DATA));
        assertDoesNotThrow(() -> new SseEvent(null, null, DATA));
    }
}
