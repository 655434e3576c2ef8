package dev.sluice.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HoldInstructionTest {

    private static HttpHeaders headers(String... namesAndValues) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    @Test
    void noHoldHeaderMeansRelayAsBefore() {
        assertNull(HoldInstruction.from(headers("content-type", "text/event-stream")));
    }

    @Test
    void sluiceHold() {
        assertEquals(new HoldInstruction("job-42"),
                HoldInstruction.from(headers("Sluice-Hold", "stream", "Sluice-Channel", "job-42")));
    }

    @Test
    void gripHoldWithChannelParametersAsTheNpmLibraryWritesThem() {
        assertEquals(new HoldInstruction("job:7"),
                HoldInstruction.from(headers("Grip-Hold", "stream", "Grip-Channel", "job:7; prev-id=abc")));
        assertEquals(new HoldInstruction("c"),
                HoldInstruction.from(headers("grip-hold", "Stream", "grip-channel", "c;filter=x; prev-id=\"q 1\"")));
    }

    @Test
    void holdsSluiceCannotGiveAreProtocolErrors() {
        assertEquals("Grip-Hold: 'response' is not supported (only 'stream': Sluice holds event streams, not long polls)",
                assertThrows(UpstreamProtocolException.class, () -> HoldInstruction.from(
                        headers("Grip-Hold", "response", "Grip-Channel", "c"))).getMessage());
        assertEquals("Sluice-Hold without Sluice-Channel", assertThrows(UpstreamProtocolException.class,
                () -> HoldInstruction.from(headers("Sluice-Hold", "stream"))).getMessage());
        assertThrows(UpstreamProtocolException.class, () -> HoldInstruction.from(
                headers("Grip-Hold", "stream", "Grip-Channel", "a, b")));
        assertThrows(UpstreamProtocolException.class, () -> HoldInstruction.from(
                headers("Sluice-Hold", "stream", "Sluice-Channel", "a", "Sluice-Channel", "b")));
        assertThrows(UpstreamProtocolException.class, () -> HoldInstruction.from(
                headers("Sluice-Hold", "stream", "Sluice-Channel", "no spaces allowed")));
    }
}
