package dev.sluice.gateway.http;

import dev.sluice.gateway.stream.ActiveStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/** Answers the requests of one route. Called on the connection's event loop. */
@FunctionalInterface
public interface RouteHandler {

    /**
     * Answers {@code request}, which the router releases when this returns (retain what you keep).
     *
     * @param onEnd to be run once when a started stream has written its last chunk or stopped
     * @return the stream this request started, which owns the connection's output until it runs
     *     {@code onEnd}; or {@code null} when the whole answer has been written
     * @throws RejectedRequest to answer with a JSON error and keep the connection
     */
    ActiveStream handle(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, Runnable onEnd);
}
