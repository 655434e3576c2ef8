package dev.sluice.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Netty's request decoder, made strict where a lenient reading lets a request mean one thing to a
 * proxy in front of the gateway and another to the gateway (request smuggling), or lets junk through.
 *
 * <p>Netty 4.2 already refuses two {@code Content-Length} headers (even equal ones), a
 * non-numeric or signed length, a bare LF line ending (strict line parsing), CR, LF or NUL inside a
 * header, whitespace before a header's colon, a {@code Transfer-Encoding} whose last coding is not
 * {@code chunked} and bad chunk sizes. This subclass also refuses:
 *
 * <ul>
 *   <li>{@code Content-Length} together with {@code Transfer-Encoding}: Netty drops the length and
 *       carries on (RFC 9112 section 6.1 allows that), but a proxy before the gateway may have framed
 *       the body by the other header;</li>
 *   <li>obsolete line folding (a header line starting with SP or HTAB): Netty joins it to the previous
 *       header, which RFC 9112 section 5.2 permits, but a proxy may read it as a header of its own;</li>
 *   <li>a bare CR (not followed by LF) anywhere in the head: Netty reads it as a space in the
 *       request line;</li>
 *   <li>non-ASCII bytes in the request line: a target must be percent-encoded (RFC 9112 section 3.2),
 *       and raw bytes would reach the query decoder as ISO-8859-1 text;</li>
 *   <li>what {@link RequestHeadRules} refuses: a version other than {@code HTTP/1.0} or {@code HTTP/1.1}
 *       as sent (505, or 400 when malformed), the HTTP/2 preface (505), a missing, repeated or
 *       invalid {@code Host} (400); it also rewrites an absolute-form target to origin form;</li>
 *   <li>a chunk-size line longer than the request-line limit (an oversized chunk extension): 400, not
 *       the 414 Netty's line limit would suggest.</li>
 * </ul>
 *
 * <p>Each refusal becomes a request whose decoder result is a failure, as Netty's own refusals do, so
 * the router answers {@code 400} and closes the connection; everything after it is discarded. The
 * extra checks scan only the bytes of a request's head, once more, before Netty parses them.
 */
public final class StrictHttpRequestDecoder extends HttpRequestDecoder {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte HTAB = '\t';

    /** Between requests, or inside a request's start line and headers. */
    private boolean readingHead = true;
    /** Whether the decoder has consumed the request line of the head being read. */
    private boolean requestLineRead;
    /** Whether the next unconsumed byte starts a line. */
    private boolean atLineStart = true;
    /** Where the request line ends in the buffer being checked, or -1. */
    private int requestLineEnd;
    private boolean rejected;

    public StrictHttpRequestDecoder(HttpDecoderConfig config) {
        super(config);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw badRequest("both Content-Length and Transfer-Encoding present");
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        RequestHeadRules.checkVersion(initialLine[0], initialLine[1], initialLine[2]);
        return super.createMessage(initialLine);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (rejected) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        if (readingHead) {
            String problem = checkHead(buffer);
            if (problem != null) {
                reject(buffer, out, problem);
                return;
            }
        }
        int before = out.size();
        int start = buffer.readerIndex();
        super.decode(ctx, buffer, out);
        track(buffer, start, out, before);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (rejected) {
            in.skipBytes(in.readableBytes());
            return;
        }
        super.decodeLast(ctx, in, out);
    }

    /** Follows where the decoder is: in a head (checked) or in a body (not), line by line. */
    private void track(ByteBuf buffer, int start, List<Object> out, int before) {
        int end = buffer.readerIndex();
        if (readingHead && end > start) {
            atLineStart = buffer.getByte(end - 1) == LF;
            if (requestLineEnd >= 0 && end > requestLineEnd) {
                requestLineRead = true;
            }
        }
        for (int i = before; i < out.size(); i++) {
            Object decoded = out.get(i);
            if (decoded instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                enforceHeadRules(request, buffer, out, i);
            }
            if (decoded instanceof DecoderResultProvider provider && provider.decoderResult().isFailure()) {
                rejected = true; // Netty discards the rest of the connection's input itself
                if (decoded instanceof HttpContent && !(decoded instanceof HttpMessage)
                        && provider.decoderResult().cause() instanceof TooLongHttpLineException) {
                    // Netty reads a chunk-size line with the request line's length limit; its answer
                    // would be 414 (URI Too Long), which names the wrong part of the request.
                    provider.setDecoderResult(DecoderResult.failure(new RejectedRequest(
                            HttpResponseStatus.BAD_REQUEST, "chunk_line_too_long",
                            "a chunk-size line, with its extensions, is longer than the request-line limit")));
                }
            }
            if (decoded instanceof HttpRequest) {
                readingHead = false;
            }
            if (decoded instanceof LastHttpContent) {
                readingHead = true;
                requestLineRead = false;
                atLineStart = true;
            }
        }
    }

    /**
     * Applies {@link RequestHeadRules#check}; a request that breaks one is failed in place, and what
     * the decoder produced after it (its body) is dropped along with the rest of the connection's input.
     */
    private void enforceHeadRules(HttpRequest request, ByteBuf buffer, List<Object> out, int at) {
        try {
            RequestHeadRules.check(request);
        } catch (RejectedRequest broken) {
            request.setDecoderResult(DecoderResult.failure(broken));
            while (out.size() > at + 1) {
                ReferenceCountUtil.release(out.remove(out.size() - 1));
            }
            rejected = true;
            buffer.skipBytes(buffer.readableBytes());
        }
    }

    /** Scans the unconsumed head bytes; returns what is wrong with them, or {@code null}. */
    private String checkHead(ByteBuf buffer) {
        int i = buffer.readerIndex();
        int end = buffer.writerIndex();
        requestLineEnd = -1;
        boolean inRequestLine = !requestLineRead;
        boolean lineStart = atLineStart;
        if (inRequestLine) {
            // RFC 9112 section 2.2: empty lines before a request line are ignored.
            while (i < end && (buffer.getByte(i) == CR || buffer.getByte(i) == LF)) {
                i++;
            }
        }
        for (; i < end; i++) {
            byte b = buffer.getByte(i);
            if (lineStart && !inRequestLine) {
                if (b == CR || b == LF) {
                    return null; // the empty line that ends the head; the body is not ours to scan
                }
                if (b == SP || b == HTAB) {
                    return "obsolete line folding (a header line starting with whitespace) is not accepted";
                }
            }
            lineStart = false;
            if (b == CR) {
                if (i + 1 < end && buffer.getByte(i + 1) != LF) {
                    return "bare CR in the request head";
                }
            } else if (b == LF) {
                lineStart = true;
                if (inRequestLine) {
                    inRequestLine = false;
                    requestLineEnd = i;
                }
            } else if (inRequestLine && b < 0) {
                return "the request line must be ASCII; percent-encode the request target";
            }
        }
        return null;
    }

    private static RejectedRequest badRequest(String problem) {
        return new RejectedRequest(HttpResponseStatus.BAD_REQUEST, "bad_request", problem);
    }

    private void reject(ByteBuf buffer, List<Object> out, String problem) {
        rejected = true;
        buffer.skipBytes(buffer.readableBytes());
        HttpMessage invalid = createInvalidMessage();
        invalid.setDecoderResult(DecoderResult.failure(badRequest(problem)));
        out.add(invalid);
    }
}
