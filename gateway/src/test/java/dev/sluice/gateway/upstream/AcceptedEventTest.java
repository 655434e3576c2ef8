package dev.sluice.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.sse.SseEventEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The relay's opening bytes are exactly the encoder's retry hint and {@code accepted} event. */
class AcceptedEventTest {
    private final SseEventEncoder encoder = new SseEventEncoder();

    @Test
    void theOpeningIsTheEncodersRetryHintThenItsAcceptedEventByteForByte() {
        assertOpening("s-9bddc46243289197", 2000);
        assertOpening("s-0000000000000000", 0);
        assertOpening("x", Long.MAX_VALUE);
    }

    @Test
    void anIdThatNeedsJsonEscapingTakesTheEncodersPathAndStaysValid() {
        assertFalse(AcceptedEvent.plain("a\"b"));
        assertFalse(AcceptedEvent.plain("a\\b"));
        assertFalse(AcceptedEvent.plain("caf\u00e9"));
        assertTrue(AcceptedEvent.plain("s-9bddc46243289197"));
        String wire = assertOpening("a\"b\u00e9", 1500);
        assertTrue(wire.contains("\"streamId\":\"a\\\"b\u00e9\""), wire);
    }

    /** Asserts the opening against the encoder's bytes; returns it as text. */
    private String assertOpening(String streamId, long retryMs) {
        ByteBuf expected = UnpooledByteBufAllocator.DEFAULT.buffer();
        ByteBuf retry = encoder.retry(UnpooledByteBufAllocator.DEFAULT, retryMs);
        ByteBuf event = encoder.encode(UnpooledByteBufAllocator.DEFAULT, AcceptedEvent.event(streamId));
        ByteBuf actual = UnpooledByteBufAllocator.DEFAULT.buffer(8);
        try {
            expected.writeBytes(retry).writeBytes(event.duplicate());
            int eventBytes = AcceptedEvent.write(actual, retryMs, streamId, encoder);
            assertEquals(expected.toString(StandardCharsets.UTF_8), actual.toString(StandardCharsets.UTF_8));
            assertEquals(expected, actual);
            assertEquals(event.readableBytes(), eventBytes, "only the event counts as sent, not the retry hint");
            return actual.toString(StandardCharsets.UTF_8);
        } finally {
            expected.release();
            retry.release();
            event.release();
            actual.release();
        }
    }
}
