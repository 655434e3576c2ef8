package dev.sluice.bench.edge;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens HTTP/2 connections over TLS (ALPN {@code h2}), each with Netty's {@link Http2FrameCodecBuilder frame
 * codec} and an {@link Http2MultiplexHandler}, so that each stream is a child channel whose pipeline sees
 * HTTP/1-style objects (as the gateway does on its side). Flow control is the multiplexer's: a child channel
 * returns window as its data is read.
 */
public final class H2Connections {

    private H2Connections() {
    }

    /** Opens {@code count} connections and waits until each has negotiated {@code h2}. */
    public static List<Channel> open(Bootstrap bootstrap, SslContext tls, InetSocketAddress remote,
                                     List<InetSocketAddress> sources, int count) throws IOException, InterruptedException {
        List<CompletableFuture<Channel>> ready = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletableFuture<Channel> negotiated = new CompletableFuture<>();
            ready.add(negotiated);
            bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), remote.getHostString(), remote.getPort()),
                            new ApplicationProtocolNegotiationHandler("none") {
                                @Override
                                protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                                    if (!ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                                        negotiated.completeExceptionally(new IOException("ALPN chose " + protocol
                                                + ", not h2"));
                                        ctx.close();
                                        return;
                                    }
                                    ctx.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                            new Http2MultiplexHandler(new IgnoreInbound()));
                                    negotiated.complete(ctx.channel());
                                }

                                @Override
                                protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
                                    negotiated.completeExceptionally(cause);
                                    ctx.close();
                                }
                            });
                }
            }).connect(remote, sources.get(i % sources.size())).addListener(f -> {
                if (!f.isSuccess()) {
                    negotiated.completeExceptionally(f.cause());
                }
            });
        }
        List<Channel> channels = new ArrayList<>();
        for (CompletableFuture<Channel> future : ready) {
            try {
                channels.add(future.get(30, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                channels.forEach(Channel::close);
                throw new IOException("an HTTP/2 connection could not be opened: " + e.getCause(), e);
            }
        }
        return channels;
    }

    /** Streams the server would push are not expected; anything that arrives on the parent is dropped. */
    private static final class IgnoreInbound extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.touch(msg);
        }
    }
}
