package dev.sluice.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder's own refusals (obs-fold, bare CR, non-ASCII request line, CL with TE) and that they
 * hold however the bytes are split, while bodies and well-formed heads pass untouched.
 */
class StrictHttpRequestDecoderTest {

    /** Feeds {@code raw} in pieces of {@code step} bytes; returns "OK uri" or "FAIL message" per request. */
    private static List<String> decode(String raw, int step) {
        EmbeddedChannel channel = new EmbeddedChannel(
                new StrictHttpRequestDecoder(new HttpDecoderConfig()), new HttpObjectAggregator(1024));
        List<String> results = new ArrayList<>();
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        try {
            for (int i = 0; i < bytes.length; i += step) {
                channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(step, bytes.length - i)));
                FullHttpRequest request;
                while ((request = channel.readInbound()) != null) {
                    try {
                        results.add(request.decoderResult().isSuccess()
                                ? "OK " + request.uri() + " " + request.content().toString(StandardCharsets.ISO_8859_1)
                                : "FAIL " + request.decoderResult().cause().getMessage());
                    } finally {
                        request.release();
                    }
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        return results;
    }

    @ParameterizedTest(name = "in pieces of {0} bytes")
    @ValueSource(ints = {1, 2, 5, 4096})
    void obsoleteLineFoldingIsRefusedAndNothingAfterItIsRead(int step) {
        List<String> results = decode("GET /a HTTP/1.1\r\nHost: t\r\nX-A: b\r\n c\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\n\r\n",
                step);
        assertEquals(List.of("FAIL obsolete line folding (a header line starting with whitespace) is not accepted"),
                results);
    }

    @ParameterizedTest(name = "in pieces of {0} bytes")
    @ValueSource(ints = {1, 3, 4096})
    void aFoldedLineInAPipelinedSecondRequestIsRefusedAfterTheFirstIsServed(int step) {
        List<String> results = decode("GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b HTTP/1.1\r\nHost: t\r\nX-A: b\r\n\tc\r\n\r\n",
                step);
        assertEquals(2, results.size(), results::toString);
        assertEquals("OK /a ", results.get(0));
        assertTrue(results.get(1).startsWith("FAIL obsolete line folding"), results::toString);
    }

    @ParameterizedTest(name = "in pieces of {0} bytes")
    @ValueSource(ints = {1, 4096})
    void aBareCrInTheRequestLineIsRefused(int step) {
        assertEquals(List.of("FAIL bare CR in the request head"), decode("GET /a\r HTTP/1.1\r\nHost: t\r\n\r\n", step));
    }

    @ParameterizedTest(name = "in pieces of {0} bytes")
    @ValueSource(ints = {1, 4096})
    void rawNonAsciiInTheRequestLineIsRefused(int step) {
        assertEquals(List.of("FAIL the request line must be ASCII; percent-encode the request target"),
                decode("GET /a?message=caf\u00e9 HTTP/1.1\r\nHost: t\r\n\r\n", step));
    }

    @ParameterizedTest(name = "in pieces of {0} bytes")
    @ValueSource(ints = {1, 2, 7, 4096})
    void bodiesThatLookLikeFoldingAndEmptyLinesBetweenRequestsPass(int step) {
        String post = "POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\nx\r\n y\r";
        String chunked = "POST /b HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n\r\n \r\n0\r\n\r\n";
        String get = "\r\nGET /c HTTP/1.1\r\nHost: t\r\nX-Text: caf\u00e9 au lait\r\n\r\n";
        assertEquals(List.of("OK /a x\r\n y\r", "OK /b \r\n ", "OK /c "), decode(post + chunked + get, step));
    }

    @ParameterizedTest(name = "in pieces of {0} bytes")
    @ValueSource(ints = {1, 4096})
    void contentLengthWithTransferEncodingIsRefused(int step) {
        assertEquals(List.of("FAIL both Content-Length and Transfer-Encoding present"), decode(
                "POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                step));
    }
}
