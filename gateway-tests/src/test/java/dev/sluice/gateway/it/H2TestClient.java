package dev.sluice.gateway.it;

import dev.sluice.gateway.testing.ReceivedEvent;
import dev.sluice.gateway.testing.SseParser;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP/2 client over TLS (Netty's frame codec and multiplexer, ALPN {@code h2} only) that opens
 * streams on one connection and records, per stream, the response headers and each DATA frame with its
 * arrival time. It trusts any certificate (the test's own is self-signed) but records the one it was
 * shown.
 */
final class H2TestClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel connection;
    private final CompletableFuture<Http2GoAwayFrame> goAway = new CompletableFuture<>();
    private final Certificate[] serverCertificates;
    private volatile long goAwayNanos;

    private H2TestClient(EventLoopGroup group, Channel connection, Certificate[] serverCertificates) {
        this.group = group;
        this.connection = connection;
        this.serverCertificates = serverCertificates;
    }

    /**
     * Connects with ALPN {@code h2} and the given initial stream window (the client's SETTINGS), and
     * fails unless the server chose {@code h2}.
     */
    static H2TestClient connect(int port, int initialWindowBytes) throws Exception {
        SslContext tls = SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CompletableFuture<Http2GoAwayFrame> goAway = new CompletableFuture<>();
        long[] goAwayNanos = new long[1];
        try {
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", port));
                            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                                    .initialSettings(Http2Settings.defaultSettings().initialWindowSize(initialWindowBytes))
                                    // Sends what the test writes, even over the server's header-list limit.
                                    .encoderIgnoreMaxHeaderListSize(true)
                                    .build());
                            ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    if (msg instanceof Http2GoAwayFrame frame) {
                                        goAwayNanos[0] = System.nanoTime();
                                        goAway.complete(frame.retain());
                                    }
                                    ReferenceCountUtil.release(msg);
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    ctx.close();
                                }
                            });
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();
            SslHandler ssl = channel.pipeline().get(SslHandler.class);
            ssl.handshakeFuture().sync();
            if (!ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
                throw new IllegalStateException("server chose " + ssl.applicationProtocol() + ", not h2");
            }
            H2TestClient client = new H2TestClient(group, channel, ssl.engine().getSession().getPeerCertificates());
            goAway.whenComplete((frame, e) -> {
                client.goAwayNanos = goAwayNanos[0];
                client.goAway.complete(frame);
            });
            return client;
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    Certificate serverCertificate() {
        return serverCertificates[0];
    }

    Channel connection() {
        return connection;
    }

    /** The first GOAWAY the server sent (retained: release it). */
    CompletableFuture<Http2GoAwayFrame> goAway() {
        return goAway;
    }

    /** {@link System#nanoTime()} when the GOAWAY arrived; valid once {@link #goAway()} is done. */
    long goAwayNanos() {
        return goAwayNanos;
    }

    /** Opens a stream with a GET of {@code path}. */
    Stream get(String path) throws IOException {
        return open("GET", path, Map.of(), null, true);
    }

    /**
     * Opens a stream; a {@code body} is sent as one DATA frame with {@code content-type} JSON. Without
     * {@code reading}, the stream reads nothing until {@link Stream#resumeReading()}, so its window is
     * never given back.
     */
    Stream open(String method, String path, String origin, String body, boolean reading) throws IOException {
        return open(method, path, origin == null ? Map.of() : Map.of("origin", origin), body, reading);
    }

    /** Opens a stream with these extra request headers. */
    Stream open(String method, String path, Map<String, String> extraHeaders, String body, boolean reading)
            throws IOException {
        Stream stream = new Stream();
        Future<Http2StreamChannel> opened = new Http2StreamChannelBootstrap(connection)
                .option(ChannelOption.AUTO_READ, reading)
                .handler(stream).open().awaitUninterruptibly();
        if (!opened.isSuccess()) {
            throw new IOException("cannot open a stream: " + opened.cause(), opened.cause());
        }
        Http2StreamChannel channel = opened.getNow();
        Http2Headers headers = new DefaultHttp2Headers().method(method).path(path).scheme("https")
                .authority("localhost");
        extraHeaders.forEach(headers::set);
        if (body == null) {
            channel.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true));
        } else {
            headers.set("content-type", "application/json");
            channel.write(new DefaultHttp2HeadersFrame(headers, false));
            channel.writeAndFlush(new DefaultHttp2DataFrame(
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8), true));
        }
        stream.channel = channel;
        return stream;
    }

    /** Opens a JSON POST stream and sends its headers only: the body never comes. */
    Stream postWithoutBody(String path) throws IOException {
        Stream stream = new Stream();
        Future<Http2StreamChannel> opened = new Http2StreamChannelBootstrap(connection).handler(stream).open()
                .awaitUninterruptibly();
        if (!opened.isSuccess()) {
            throw new IOException("cannot open a stream: " + opened.cause(), opened.cause());
        }
        Http2StreamChannel channel = opened.getNow();
        channel.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("POST").path(path)
                .scheme("https").authority("localhost").set("content-type", "application/json")
                .setInt("content-length", 100), false));
        stream.channel = channel;
        return stream;
    }

    @Override
    public void close() {
        connection.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** One stream's response as it arrives; methods are safe to call from the test thread. */
    static final class Stream extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Http2Headers> headers = new CompletableFuture<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final CompletableFuture<Long> reset = new CompletableFuture<>();
        private final List<Long> dataArrivals = new ArrayList<>();
        private final SseParser parser = new SseParser();
        private final List<ReceivedEvent> events = new ArrayList<>();
        private final StringBuilder body = new StringBuilder();
        private volatile Http2StreamChannel channel;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame frame) {
                    headers.complete(frame.headers());
                    if (frame.isEndStream()) {
                        ended.complete(null);
                    }
                } else if (msg instanceof Http2DataFrame frame) {
                    ByteBuf content = frame.content();
                    String text = content.toString(StandardCharsets.UTF_8);
                    synchronized (this) {
                        if (content.isReadable()) {
                            dataArrivals.add(System.nanoTime());
                        }
                        body.append(text);
                        Http2Headers head = headers.getNow(null);
                        if (head != null && String.valueOf(head.get("content-type")).startsWith("text/event-stream")) {
                            events.addAll(parser.feed(text));
                        }
                    }
                    if (frame.isEndStream()) {
                        ended.complete(null);
                    }
                } else if (msg instanceof Http2ResetFrame frame) {
                    reset.complete(frame.errorCode());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame frame) {
                reset.complete(frame.errorCode());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ended.complete(null);
        }

        Http2Headers headers(long timeoutMs) throws Exception {
            return headers.get(timeoutMs, TimeUnit.MILLISECONDS);
        }

        /** Waits for the end of the stream (END_STREAM, reset or close). */
        void awaitEnd(long timeoutMs) throws Exception {
            ended.get(timeoutMs, TimeUnit.MILLISECONDS);
        }

        boolean isEnded() {
            return ended.isDone();
        }

        /** The error code of the RST_STREAM the server sent, or {@code null}. */
        Long resetCode() {
            return reset.getNow(null);
        }

        /** The response headers, or {@code null} if none came. */
        Http2Headers headersOrNull() {
            return headers.getNow(null);
        }

        synchronized List<ReceivedEvent> events() {
            return List.copyOf(events);
        }

        synchronized List<Long> dataArrivals() {
            return List.copyOf(dataArrivals);
        }

        synchronized String body() {
            return body.toString();
        }

        Http2StreamChannel channel() {
            return channel;
        }

        void resumeReading() {
            channel.config().setAutoRead(true);
            channel.read();
        }

        /** Cancels the stream: the client sends RST_STREAM (CANCEL). */
        void cancel() {
            channel.close();
        }
    }
}
