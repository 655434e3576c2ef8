package dev.sluice.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * Reads a request and its body into one message, refusing bodies over the limit with the JSON
 * {@code 413} of SPEC section 2 (Netty's own answer has no body). The connection is closed after the
 * 413 because the rest of the oversized body is still on the wire and will not be read.
 *
 * <p>{@code Expect: 100-continue} is answered before the body is read: {@code 100 Continue} when the
 * announced {@code Content-Length} fits, otherwise the JSON {@code 413} at once, so the client never
 * sends the body (RFC 9110 section 10.1.1). Any other expectation gets a JSON {@code 417}. After a 413
 * or 417 the connection is closed: a client that sends its body anyway would otherwise have it read
 * as the next request.
 */
public final class BoundedBodyAggregator extends HttpObjectAggregator {

    public BoundedBodyAggregator(int maxBodyBytes) {
        super(maxBodyBytes, true);
    }

    /** The aggregator releases {@code oversized} itself once this returns. */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        JsonResponses.sendError(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large",
                "request body exceeds " + maxContentLength() + " bytes", true);
    }

    /** Netty decides (and resets the decoder on a refusal); this only gives its refusals a JSON body. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (!(answer instanceof HttpResponse response)) {
            return answer;
        }
        FullHttpResponse json;
        if (response.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            json = JsonResponses.errorResponse(pipeline.channel().alloc(), HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "body_too_large", "request body exceeds " + maxContentLength + " bytes");
        } else if (response.status().code() == HttpResponseStatus.EXPECTATION_FAILED.code()) {
            json = JsonResponses.errorResponse(pipeline.channel().alloc(), HttpResponseStatus.EXPECTATION_FAILED,
                    "expectation_failed", "only Expect: 100-continue is supported");
        } else {
            return answer;
        }
        ReferenceCountUtil.release(answer);
        json.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return json;
    }
}
