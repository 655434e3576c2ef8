package dev.sluice.gateway.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Netty's keep-alive handler, which also tells whether a response is under way (its head written, its
 * last content not yet) and whether the connection closes after it. With that, a streaming connection
 * can leave this handler out of its pipeline for the rest of the stream ({@code Http1Handlers}): once
 * the head has gone out, the only thing left for it to do is to close the connection after the last
 * content, or not, and that is already decided.
 */
public final class ResponseKeepAlive extends HttpServerKeepAliveHandler {
    private boolean responseUnderway;
    private boolean closesAfterResponse;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        boolean head = msg instanceof HttpResponse response && !(msg instanceof FullHttpResponse)
                && response.status().codeClass() != HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent) {
            responseUnderway = false;
        }
        super.write(ctx, msg, promise);
        if (head) {
            responseUnderway = true;
            // Read after Netty's decision: it marks the head "Connection: close" exactly when the
            // connection will not persist past this response (client asked, HTTP/1.0, no length).
            closesAfterResponse = !HttpUtil.isKeepAlive((HttpResponse) msg);
        }
    }

    /** Whether a response's head has been written and its last content not yet. */
    public boolean responseUnderway() {
        return responseUnderway;
    }

    /** Whether the connection is to be closed once the response under way has been written. */
    public boolean closesAfterResponse() {
        return closesAfterResponse;
    }
}
