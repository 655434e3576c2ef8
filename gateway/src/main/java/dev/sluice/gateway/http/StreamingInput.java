package dev.sluice.gateway.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in for a connection's request handlers (timeouts, decoder, aggregator) while a stream holds
 * it, so that an open stream does not keep a request decoder, a body aggregator and a timer it cannot
 * use: an HTTP/1.1 connection answers one request at a time, and nothing the client sends can be
 * answered before the stream ends.
 *
 * <ul>
 *   <li>Bytes the client sends meanwhile (a pipelined request) are kept as they are, undecoded, up to
 *       one request's worth ({@code maxHeldBytes}: the request-line, header and body limits together);
 *       when the stream ends this handler is removed and hands them on to the decoder put back in its
 *       place, so they are answered in order as if they had just arrived. A client that sends more
 *       than that during one stream is not a browser (browsers do not pipeline): the connection is
 *       closed, which ends its stream as {@code client_gone}.</li>
 *   <li>{@link ConnectionTimeoutHandler#CLOSE_WHEN_IDLE} (a port hand-over) is remembered and handed to
 *       the timeout handler that comes back, which closes the connection once the stream's last byte
 *       is written; what the client pipelined is then dropped with the connection (RFC 9112 section
 *       9.3.1: a client retries requests left unanswered on a closed connection).</li>
 * </ul>
 *
 * <p>A client closing or resetting the connection is seen as before: the channel goes inactive and
 * the router ends the stream; whatever was held is released here. One instance per streaming period
 * of a connection; not sharable.
 */
public final class StreamingInput extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(StreamingInput.class);

    private final int maxHeldBytes;
    private final boolean closeAfterStream;
    /** What the client sent during the stream, or {@code null}. */
    private ByteBuf held;
    private boolean closeWhenIdle;

    /**
     * @param maxHeldBytes what the client may send during the stream before the connection is closed
     * @param closeAfterStream the stream's response was written with {@code Connection: close} (kept here
     *     for whoever closes the connection at its end, when the keep-alive handler has left meanwhile)
     */
    public StreamingInput(int maxHeldBytes, boolean closeAfterStream) {
        this.maxHeldBytes = maxHeldBytes;
        this.closeAfterStream = closeAfterStream;
    }

    /** Whether the connection is to be closed when the stream has ended. */
    public boolean closeAfterStream() {
        return closeAfterStream;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!bytes.isReadable()) {
            bytes.release();
            return;
        }
        held = held == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), held, bytes);
        if (held.readableBytes() > maxHeldBytes) {
            log.debug("{}: more than {} bytes sent during a stream, closing", ctx.channel(), maxHeldBytes);
            releaseHeld();
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ConnectionTimeoutHandler.CLOSE_WHEN_IDLE) {
            closeWhenIdle = true;
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Whether a port hand-over asked to close the connection once this stream has ended. */
    public boolean closeWhenIdle() {
        return closeWhenIdle;
    }

    /** Bytes the client sent during the stream (tests, metrics); 0 when none. */
    public int heldBytes() {
        return held == null ? 0 : held.readableBytes();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    /**
     * Removed because the stream ended on an open connection: the held bytes go on to the handler now
     * after this one (the decoder put back), exactly as {@link ByteToMessageDecoder} hands on its
     * unread input when it leaves a pipeline. On a hand-over they are dropped with the connection.
     */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ByteBuf bytes = held;
        held = null;
        if (bytes == null) {
            return;
        }
        if (closeWhenIdle || !ctx.channel().isActive()) {
            bytes.release();
            return;
        }
        ctx.fireChannelRead(bytes);
        ctx.fireChannelReadComplete();
    }

    private void releaseHeld() {
        ByteBuf bytes = held;
        held = null;
        ReferenceCountUtil.release(bytes);
    }
}
