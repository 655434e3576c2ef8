package dev.sluice.gateway.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.gateway.bus.BusMessage;
import dev.sluice.gateway.http.RejectedRequest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A publish body must be UTF-8 as RFC 3629 defines it; jackson alone would accept what it is not. */
class PublishRequestReaderTest {
    private final PublishRequestReader reader = new PublishRequestReader(65536);

    private static FullHttpRequest publish(byte[] body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/api/channels/c/events", Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return request;
    }

    /** {@code {"data":"ok<bytes>"}} with the bytes raw inside the string. */
    private static byte[] withRawBytes(String hex) {
        byte[] start = "{\"data\":\"ok".getBytes(StandardCharsets.US_ASCII);
        byte[] end = "\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] raw = new byte[hex.length() / 2];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        byte[] body = new byte[start.length + raw.length + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(raw, 0, body, start.length, raw.length);
        System.arraycopy(end, 0, body, start.length + raw.length, end.length);
        return body;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C0AF", "E080AF", "EDA080", "EDBFBF", "F4908080", "C328"})
    void invalidUtf8InsideAJsonStringIsBadEvent(String hex) {
        FullHttpRequest request = publish(withRawBytes(hex));
        try {
            RejectedRequest rejected = assertThrows(RejectedRequest.class, () -> reader.read(request));
            assertEquals("bad_event", rejected.code());
            assertEquals("the body is not valid UTF-8", rejected.getMessage());
        } finally {
            request.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"C3A9", "E29883", "F09F9880", "EFBFBD"})
    void validUtf8IsPublishedAsSent(String hex) {
        FullHttpRequest request = publish(withRawBytes(hex));
        try {
            List<BusMessage> messages = reader.read(request);
            assertEquals(1, messages.size());
        } finally {
            request.release();
        }
    }
}
