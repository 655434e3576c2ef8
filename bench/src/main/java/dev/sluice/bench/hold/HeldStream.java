package dev.sluice.bench.hold;

import dev.sluice.bench.client.StreamCheck;
import dev.sluice.bench.sse.SseEvent;
import dev.sluice.bench.sse.SseListener;
import dev.sluice.bench.sse.SseParser;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LatencyHistograms;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One client stream: a GET (on its own HTTP/1.1 connection, or on an HTTP/2 stream channel behind
 * {@code Http2StreamFrameToHttpObjectCodec}), events checked by a {@link HoldStreamCheck}, timed from the
 * stream's intended start; it completes when the response ends cleanly after {@code complete}. Used by the
 * sidecar hold scenario and the h1/h2 edge scenario.
 */
public final class HeldStream extends ChannelInboundHandlerAdapter implements SseListener {

    private final String host;
    private final String path;
    private final String scheme;
    private final long intendedStartNanos;
    private final long deadlineNanos;
    private final HoldStreamCheck check;
    private final HoldStats stats;
    private final Runnable onEnd;
    private final SseParser parser = new SseParser(this);
    private ChannelHandlerContext ctx;
    private boolean firstEvent = true;
    private boolean firstApp = true;
    private boolean ended;
    private ScheduledFuture<?> deadline;

    HeldStream(String host, String path, long intendedStartNanos, long deadlineNanos, int events, HoldStats stats,
               Runnable onEnd) {
        this(host, path, null, intendedStartNanos, deadlineNanos, events, stats, onEnd);
    }

    /**
     * A stream whose request carries {@code scheme} as HTTP/2's {@code :scheme} (null on HTTP/1.1), recording
     * into {@code stats} and calling {@code onEnd} once when it ends.
     */
    public HeldStream(String host, String path, String scheme, long intendedStartNanos, long deadlineNanos, int events,
                      HoldStats stats, Runnable onEnd) {
        this.host = host;
        this.path = path;
        this.scheme = scheme;
        this.intendedStartNanos = intendedStartNanos;
        this.deadlineNanos = deadlineNanos;
        this.check = new HoldStreamCheck(events);
        this.stats = stats;
        this.onEnd = onEnd;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        deadline = ctx.executor().schedule(() -> end(FailureReason.TIMEOUT, "no complete by the deadline, app seq "
                + check.lastSeq()), deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
        request.headers().set(HttpHeaderNames.HOST, host).set(HttpHeaderNames.ACCEPT, "text/event-stream");
        if (scheme != null) {
            request.headers().set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), scheme);
        }
        ctx.writeAndFlush(request);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (ended) {
                return;
            }
            if (msg instanceof HttpResponse response) {
                if (response.status().code() != 200) {
                    end(FailureReason.STATUS, "status " + response.status().code());
                    return;
                }
                String problem = StreamCheck.checkContentType(response.headers().get(HttpHeaderNames.CONTENT_TYPE));
                if (problem != null) {
                    end(FailureReason.PROTOCOL, problem);
                    return;
                }
            }
            if (msg instanceof HttpContent content) {
                parser.feed(content.content());
                if (!ended && msg instanceof LastHttpContent) {
                    if (check.complete()) {
                        end(null, null);
                    } else {
                        end(FailureReason.TRUNCATED, "response ended after app seq " + check.lastSeq());
                    }
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void onEvent(SseEvent event) {
        if (ended) {
            return;
        }
        long now = System.nanoTime();
        stats.events.incrementAndGet();
        if (firstEvent) {
            firstEvent = false;
            LatencyHistograms.recordNanos(stats.firstEvent, now - intendedStartNanos);
        }
        HoldStreamCheck.Verdict verdict = check.onEvent(event);
        if (verdict == HoldStreamCheck.Verdict.INVALID) {
            end(FailureReason.PROTOCOL, check.problem());
            return;
        }
        if (firstApp && check.lastSeq() == 1) {
            firstApp = false;
            LatencyHistograms.recordNanos(stats.firstAppEvent, now - intendedStartNanos);
        }
        if (verdict == HoldStreamCheck.Verdict.COMPLETE) {
            LatencyHistograms.recordNanos(stats.streamTime, now - intendedStartNanos);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end(FailureReason.TRUNCATED, "connection closed after app seq " + check.lastSeq());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        end(FailureReason.TRUNCATED, String.valueOf(cause));
    }

    /**
     * Opens this stream on a connection of its own from {@code source} to {@code remote} (through TLS when
     * {@code tls} is given, for {@code localhost}); a failed connect ends it as {@code connect}.
     */
    public void openConnection(Bootstrap bootstrap, SslContext tls, InetSocketAddress remote,
                               InetSocketAddress source) {
        HeldStream stream = this;
        bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", remote.getPort()));
                }
                ch.pipeline().addLast(new HttpClientCodec(4096, 16 * 1024, 64 * 1024), stream);
            }
        }).connect(remote, source).addListener(f -> {
            if (!f.isSuccess()) {
                connectFailed(f.cause());
            }
        });
    }

    /** The connection (or the HTTP/2 stream) could not be opened. */
    public void connectFailed(Throwable cause) {
        end(FailureReason.CONNECT, String.valueOf(cause));
    }

    /** Ends the stream: completed when {@code reason} is null. */
    private void end(FailureReason reason, String detail) {
        if (ended) {
            return;
        }
        ended = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (reason == null) {
            stats.completed.incrementAndGet();
        } else {
            stats.failed(reason, detail);
        }
        if (ctx != null) {
            ctx.close();
        }
        onEnd.run();
    }
}
