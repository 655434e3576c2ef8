package dev.sluice.bench.resume;

import dev.sluice.bench.client.StreamCheck;
import dev.sluice.bench.sse.SseEvent;
import dev.sluice.bench.stats.FailureReason;
import dev.sluice.bench.stats.LatencyHistograms;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One stage stream that the client cuts and resumes, as an {@code EventSource} would: each connection is a
 * GET of the same URL; after a drop (the client closes the connection right after a chosen event) it
 * reconnects after a pause with the last id seen as {@code Last-Event-ID}; after {@code complete} it
 * reconnects once more and must get {@code 204} (SPEC 8). Everything about the stream, all its connections
 * included, runs on one event loop.
 */
final class ResumableStream {

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final InetSocketAddress remote;
    private final InetSocketAddress source;
    private final String host;
    private final String path;
    private final ResumeSettings settings;
    private final long intendedStartNanos;
    private final long[] dropAfterSeqs;
    private final ResumeCheck check;
    private final ResumeStats stats;
    private final Runnable onEnd;
    private int dropsDone;
    private boolean finalRequest;
    private boolean ended;
    private boolean firstEventSeen;
    private Channel current;
    private ScheduledFuture<?> deadline;

    ResumableStream(EventLoop loop, Bootstrap bootstrap, InetSocketAddress remote, InetSocketAddress source, String host,
                    String path, ResumeSettings settings, long intendedStartNanos, long[] dropAfterSeqs,
                    ResumeStats stats, Runnable onEnd) {
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.remote = remote;
        this.source = source;
        this.host = host;
        this.path = path;
        this.settings = settings;
        this.intendedStartNanos = intendedStartNanos;
        this.dropAfterSeqs = dropAfterSeqs;
        this.check = new ResumeCheck(settings.events());
        this.stats = stats;
        this.onEnd = onEnd;
    }

    /** Opens the first connection; call on the stream's loop. */
    void start() {
        long limit = intendedStartNanos + settings.expectedNanos() + TimeUnit.MILLISECONDS.toNanos(settings.slackMs());
        deadline = loop.schedule(() -> fail(FailureReason.TIMEOUT, "no 204 after complete by the deadline, last seq "
                + check.lastSeq()), limit - System.nanoTime(), TimeUnit.NANOSECONDS);
        connect(intendedStartNanos);
    }

    private void connect(long intendedNanos) {
        ResumeConnection connection = new ResumeConnection(this, request(), intendedNanos);
        current = bootstrap.clone().group(loop).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(4096, 16 * 1024, 64 * 1024), connection);
            }
        }).connect(remote, source).addListener(f -> {
            if (!f.isSuccess()) {
                fail(FailureReason.CONNECT, String.valueOf(f.cause()));
            }
        }).channel();
    }

    private FullHttpRequest request() {
        String last = check.lastEventId();
        String uri = path;
        if (last != null && settings.queryParameter()) {
            uri += "&lastEventId=" + URLEncoder.encode(last, StandardCharsets.UTF_8);
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        request.headers().set(HttpHeaderNames.HOST, host).set(HttpHeaderNames.ACCEPT, "text/event-stream")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        if (last != null && !settings.queryParameter()) {
            request.headers().set("last-event-id", last);
        }
        return request;
    }

    /** A connection's response head; returns whether its body should be read. */
    boolean onHead(ResumeConnection connection, HttpResponse response, long nowNanos) {
        if (ended || connection.channel() != current) {
            return false;
        }
        int status = response.status().code();
        if (finalRequest) {
            if (status == 204) {
                stats.finalNoContent.incrementAndGet();
                if ("expired".equals(response.headers().get("x-sluice-stream"))) {
                    stats.expiredHeader.incrementAndGet();
                }
                end();
                return false;
            }
            fail(FailureReason.PROTOCOL, "reconnect after complete got " + status + ", expected 204 (job re-run?)");
            return false;
        }
        if (status != 200) {
            fail(FailureReason.STATUS, "status " + status + (check.lastEventId() == null ? ""
                    : " on reconnect after " + check.lastEventId()));
            return false;
        }
        String problem = StreamCheck.checkContentType(response.headers().get(HttpHeaderNames.CONTENT_TYPE));
        if (problem != null) {
            fail(FailureReason.PROTOCOL, problem);
            return false;
        }
        if (check.lastEventId() != null) {
            LatencyHistograms.recordNanos(stats.reconnectHead, nowNanos - connection.intendedNanos());
        }
        return true;
    }

    void onEvent(ResumeConnection connection, SseEvent event, long nowNanos) {
        if (ended || connection.channel() != current) {
            return;
        }
        stats.events.incrementAndGet();
        ResumeCheck.Verdict verdict = check.onEvent(event);
        if (verdict == ResumeCheck.Verdict.INVALID) {
            fail(FailureReason.PROTOCOL, check.problem());
            return;
        }
        if (!firstEventSeen) {
            firstEventSeen = true;
            LatencyHistograms.recordNanos(stats.firstEvent, nowNanos - intendedStartNanos);
        }
        if (verdict == ResumeCheck.Verdict.COMPLETE) {
            LatencyHistograms.recordNanos(stats.streamTime, nowNanos - intendedStartNanos);
            finalRequest = true;
            reconnectLater(connection);
        } else if (dropsDone < dropAfterSeqs.length && check.lastSeq() == dropAfterSeqs[dropsDone]) {
            dropsDone++;
            reconnectLater(connection);
        }
    }

    /** Closes {@code connection} now (the cut) and reconnects after the pause, timed from when it was due. */
    private void reconnectLater(ResumeConnection connection) {
        current = null;
        connection.channel().close();
        stats.reconnects.incrementAndGet();
        long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.reconnectDelayMs());
        loop.schedule(() -> {
            if (!ended) {
                connect(due);
            }
        }, settings.reconnectDelayMs(), TimeUnit.MILLISECONDS);
    }

    /** The connection ended (closed, or its response ended) without the client asking. */
    void onConnectionEnded(ResumeConnection connection, String how) {
        if (ended || connection.channel() != current) {
            return;
        }
        fail(FailureReason.TRUNCATED, how + " after seq " + check.lastSeq());
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        deadline.cancel(false);
        if (current != null) {
            current.close();
        }
        stats.completed.incrementAndGet();
        onEnd.run();
    }

    void fail(FailureReason reason, String detail) {
        if (ended) {
            return;
        }
        ended = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (current != null) {
            current.close();
        }
        stats.failed(reason, detail);
        onEnd.run();
    }

    EventLoop loop() {
        return loop;
    }
}
