package dev.sluice.gateway.http;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Netty's request decoder, refusing a request that carries both {@code Content-Length} and
 * {@code Transfer-Encoding}.
 *
 * <p>Netty's default drops the {@code Content-Length} and carries on (RFC 9112 section 6.1 allows
 * that), but a gateway in front of other servers must not: a proxy between client and gateway may
 * have framed the body by the other header, which is how request smuggling works. Throwing here
 * makes the decoder mark the message failed, so the router answers 400 and closes.
 */
public final class StrictHttpRequestDecoder extends HttpRequestDecoder {

    public StrictHttpRequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding present");
    }
}
