package dev.sluice.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Reads a request and its body into one message, refusing bodies over the limit with the JSON
 * {@code 413} of SPEC section 2 (Netty's own answer has no body). The connection is closed after the
 * 413 because the rest of the oversized body is still on the wire and will not be read.
 */
public final class BoundedBodyAggregator extends HttpObjectAggregator {

    public BoundedBodyAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
    }

    /** The aggregator releases {@code oversized} itself once this returns. */
    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        JsonResponses.sendError(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large",
                "request body exceeds " + maxContentLength() + " bytes", true);
    }
}
