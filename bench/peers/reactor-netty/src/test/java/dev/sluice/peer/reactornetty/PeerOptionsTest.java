package dev.sluice.peer.reactornetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeerOptionsTest {

    @Test
    void defaultsMatchTheBenchContract() {
        assertEquals(new PeerOptions("127.0.0.1", 8082, Duration.ofMillis(150), 6), PeerOptions.parse());
    }

    @Test
    void flagsOverrideDefaults() {
        assertEquals(new PeerOptions("0.0.0.0", 9000, Duration.ZERO, 10_000),
                PeerOptions.parse("--stages", "10000", "--stage-delay-ms", "0", "--port", "9000", "--host", "0.0.0.0"));
    }

    @Test
    void badFlagsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PeerOptions.parse("--stages"));
        assertThrows(IllegalArgumentException.class, () -> PeerOptions.parse("--stages", "0"));
        assertThrows(IllegalArgumentException.class, () -> PeerOptions.parse("--stage-delay-ms", "-1"));
        assertThrows(IllegalArgumentException.class, () -> PeerOptions.parse("--port", "x"));
        assertThrows(IllegalArgumentException.class, () -> PeerOptions.parse("--delay", "5"));
    }
}
