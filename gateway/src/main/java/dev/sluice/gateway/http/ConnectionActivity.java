package dev.sluice.gateway.http;

import io.netty.channel.ChannelHandlerContext;

/**
 * What the {@link RequestRouter} reports about a connection's request cycle, so that the connection's
 * other handlers know whether it is waiting for a request, answering one, or streaming. Calls come on
 * the connection's event loop, with the router's context. Implementations are shared by every
 * connection of a listener and keep no per-connection state of their own: what they act on lives in
 * the connection's pipeline.
 */
public interface ConnectionActivity {
    /** Reports nothing, for a router without timeouts (an HTTP/2 stream's child channel, tests). */
    ConnectionActivity NONE = new ConnectionActivity() {
        @Override
        public void requestReceived(ChannelHandlerContext router) {
        }

        @Override
        public void idle(ChannelHandlerContext router) {
        }
    };

    /** A whole request (headers and body) has been received; its answer is under way. */
    void requestReceived(ChannelHandlerContext router);

    /** Every answer has been written and no stream runs: the connection waits for a request. */
    void idle(ChannelHandlerContext router);

    /**
     * A stream has started and will hold the connection until it ends: whatever only reading a request
     * needs can leave the pipeline until {@link #streamEnded}. Called before the route's handler returns
     * to the router, possibly from inside the decoder's read.
     */
    default void streamStarted(ChannelHandlerContext router) {
    }

    /**
     * The stream has ended and the router has no other stream running: put back what reading the next
     * request needs, and hand on what the client sent meanwhile, or leave it out until the client sends
     * again ({@link RequestRouter#awaitNextBytes}). Not called once the connection has closed.
     */
    default void streamEnded(ChannelHandlerContext router) {
    }

    /**
     * The client has sent bytes after a stream whose end left the request handlers out; the router holds
     * them: put the handlers back and hand the bytes on.
     */
    default void bytesAfterStream(ChannelHandlerContext router) {
    }
}
