package dev.sluice.bench.resume;

import dev.sluice.bench.sse.SseEvent;
import dev.sluice.bench.sse.SseListener;
import dev.sluice.bench.sse.SseParser;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/** One connection of a {@link ResumableStream}: sends its request, parses the body, reports to the stream. */
final class ResumeConnection extends ChannelInboundHandlerAdapter implements SseListener {

    private final ResumableStream stream;
    private final FullHttpRequest request;
    private final long intendedNanos;
    private final SseParser parser = new SseParser(this);
    private Channel channel;
    private boolean reading;

    ResumeConnection(ResumableStream stream, FullHttpRequest request, long intendedNanos) {
        this.stream = stream;
        this.request = request;
        this.intendedNanos = intendedNanos;
    }

    Channel channel() {
        return channel;
    }

    long intendedNanos() {
        return intendedNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(request);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            long now = System.nanoTime();
            if (msg instanceof HttpResponse response) {
                reading = !response.decoderResult().isFailure() && stream.onHead(this, response, now);
            }
            if (reading && msg instanceof HttpContent content) {
                parser.feed(content.content());
                if (msg instanceof LastHttpContent) {
                    reading = false;
                    stream.onConnectionEnded(this, "response ended");
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void onEvent(SseEvent event) {
        if (reading) {
            stream.onEvent(this, event, System.nanoTime());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stream.onConnectionEnded(this, "connection closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stream.onConnectionEnded(this, String.valueOf(cause));
        ctx.close();
    }
}
