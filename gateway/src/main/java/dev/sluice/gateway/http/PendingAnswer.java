package dev.sluice.gateway.http;

import dev.sluice.gateway.stream.ActiveStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * A request whose answer is computed elsewhere (a publish waiting for the bus): it holds the
 * connection as the router's {@link ActiveStream} until the answer is written, so a request pipelined
 * behind it is answered after it, in order. Confined to the connection's loop: hand the answer over
 * with {@code ctx.executor().execute(...)}.
 */
public final class PendingAnswer implements ActiveStream {
    private final ChannelHandlerContext ctx;
    private final Runnable onEnd;
    private boolean done;

    public PendingAnswer(ChannelHandlerContext ctx, Runnable onEnd) {
        this.ctx = ctx;
        this.onEnd = onEnd;
    }

    /** Writes {@code response} (keep-alive) and frees the connection; released instead if the client left. */
    public void answer(FullHttpResponse response) {
        if (!ctx.executor().inEventLoop()) {
            throw new IllegalStateException("answer on the connection's own loop");
        }
        if (done) {
            response.release();
            return;
        }
        done = true;
        JsonResponses.send(ctx, response, false);
        onEnd.run();
    }

    @Override
    public void clientGone() {
        done = true;
    }

    @Override
    public void writabilityChanged(boolean writable) {
    }
}
