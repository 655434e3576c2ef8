package dev.sluice.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.gateway.bus.BusMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A message stored in Redis comes back as it was: name, data bytes, raw and close flags. */
class BusEntryTest {

    @Test
    void namedEventsAndRawFramesSurviveTheRoundTrip() {
        BusMessage named = BusMessage.event("tick", "{\"n\":1,\"s\":\"\\u00e9\\n\"}".getBytes(StandardCharsets.UTF_8),
                false);
        assertSame(named, BusEntry.decode(BusEntry.encode(named)));
        BusMessage closing = BusMessage.event("done", "null".getBytes(StandardCharsets.UTF_8), true);
        assertSame(closing, BusEntry.decode(BusEntry.encode(closing)));
        BusMessage raw = BusMessage.raw("event: x\ndata: \u00e9\n\n".getBytes(StandardCharsets.UTF_8), true);
        assertSame(raw, BusEntry.decode(BusEntry.encode(raw)));
        assertEquals(1 + "tick\n".length() + named.data().length, BusEntry.encode(named).length);
    }

    private static void assertSame(BusMessage expected, BusMessage actual) {
        assertEquals(expected.event(), actual.event());
        assertArrayEquals(expected.data(), actual.data());
        assertEquals(expected.raw(), actual.raw());
        assertEquals(expected.close(), actual.close());
    }
}
