package dev.sluice.bench.edge;

import dev.sluice.bench.client.ClientTransport;
import dev.sluice.bench.client.Pacing;
import dev.sluice.bench.client.SamplerThread;
import dev.sluice.bench.client.SourceAddresses;
import dev.sluice.bench.hold.HeldStream;
import dev.sluice.bench.hold.HoldStats;
import dev.sluice.bench.target.ProcessProbe;
import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetLauncher;
import dev.sluice.bench.target.TargetSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One edge run: a fresh gateway (with {@code --tls-cert}/{@code --tls-key} for h1 and h2, health read on its
 * admin port), stage streams arriving open-loop, all held open by long stages so that the gateway's live
 * heap per open stream can be measured once the arrivals are over; then every stream is checked to its
 * end. h1c and h1 open one connection per stream (h1: a full TLS handshake each, inside the time to first
 * event); h2 first opens {@code connections} TLS connections, then opens each stream as an HTTP/2 stream on
 * them in turn.
 */
public final class EdgeRun {

    private static final String STREAM_PATH = "/api/chat/stream";

    private final PrintStream log;

    /** A run reporting progress to {@code log}. */
    public EdgeRun(PrintStream log) {
        this.log = log;
    }

    /** Runs {@code protocol}; the gateway is stopped before this returns. */
    public EdgeResult run(EdgeSettings settings, EdgeProtocol protocol, TargetSpec gateway, TestCertificateFiles cert,
                          List<String> sluiceFlags, int round) throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>();
        int adminPort = 0;
        if (protocol.tls()) {
            adminPort = TargetLauncher.freePort();
            flags.addAll(cert.gatewayFlags());
            flags.addAll(List.of("--admin-port", Integer.toString(adminPort)));
        }
        flags.addAll(sluiceFlags);
        log.printf("[edge] %s round %d: %,d streams at %,.0f/s, %d stages of %d ms%s%n", protocol.label(), round,
                settings.streams(), settings.rate(), settings.stages(), settings.stageDelayMs(),
                protocol == EdgeProtocol.H2 ? " over " + settings.connections() + " connections" : "");
        try (RunningTarget target = TargetLauncher.start(gateway, settings.stages(), settings.stageDelayMs(), flags,
                STREAM_PATH, 0, adminPort)) {
            return drive(settings, protocol, target, cert, round);
        }
    }

    private EdgeResult drive(EdgeSettings s, EdgeProtocol protocol, RunningTarget target, TestCertificateFiles cert,
                             int round) throws IOException, InterruptedException {
        ClientTransport transport = ClientTransport.best();
        EventLoopGroup group = transport.newGroup(s.clientThreads());
        ScheduledExecutorService sampler = SamplerThread.start("edge-sampler");
        HoldStats stats = new HoldStats();
        ProcessProbe process = target.processProbe();
        AtomicLong rssPeak = new AtomicLong();
        CountDownLatch allEnded = new CountDownLatch(s.streams());
        List<Channel> h2 = List.of();
        try {
            sampler.scheduleAtFixedRate(() -> rssPeak.accumulateAndGet(process.rssBytes(), Math::max), 0, 200,
                    TimeUnit.MILLISECONDS);
            long heapIdle = s.heapProbe() ? target.heapProbe().liveBytesAfterGc() : -1;
            Bootstrap bootstrap = transport.bootstrap().group(group);
            SourceAddresses sources = new SourceAddresses(s.sourceAddresses(), 0);
            InetSocketAddress remote = new InetSocketAddress(target.host(), target.port());
            String host = (protocol.tls() ? "localhost" : target.host()) + ":" + target.port();
            SslContext tls = protocol == EdgeProtocol.H1 ? ClientTls.h1(cert.cert())
                    : protocol == EdgeProtocol.H2 ? ClientTls.h2(cert.cert()) : null;
            if (protocol == EdgeProtocol.H2) {
                List<InetSocketAddress> addresses = new ArrayList<>();
                for (int i = 0; i < sources.size(); i++) {
                    addresses.add(sources.forConnection(i));
                }
                h2 = H2Connections.open(bootstrap, tls, remote, addresses, s.connections());
            }
            double cpuBefore = process.cpuSeconds();
            long slackNanos = TimeUnit.MILLISECONDS.toNanos(s.slackMs());
            long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            double nanosPerStream = 1e9 / s.rate();
            for (int i = 0; i < s.streams(); i++) {
                long intended = t0 + (long) (i * nanosPerStream);
                Pacing.parkUntil(intended);
                stats.launched.incrementAndGet();
                HeldStream stream = new HeldStream(host, STREAM_PATH + "?message=edge",
                        protocol == EdgeProtocol.H2 ? "https" : null, intended, intended + s.streamNanos() + slackNanos,
                        s.events(), stats, allEnded::countDown);
                if (protocol == EdgeProtocol.H2) {
                    openH2Stream(h2.get(i % h2.size()), stream);
                } else {
                    stream.openConnection(bootstrap, tls, remote, sources.forConnection(i));
                }
            }
            long openAtProbe = -1;
            long heapLoaded = -1;
            if (s.heapProbe()) {
                Thread.sleep(Math.min(1_000, Math.max(100, s.streamNanos() / 4_000_000)));
                long before = s.streams() - allEnded.getCount();
                heapLoaded = target.heapProbe().liveBytesAfterGc();
                long after = s.streams() - allEnded.getCount();
                // Streams open while the heap was counted: launched minus ended, averaged over the probe.
                openAtProbe = s.streams() - (before + after) / 2;
            }
            allEnded.await(s.streamNanos() + slackNanos + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
            double cpuAfter = process.cpuSeconds();
            return new EdgeResult(protocol.label(), round, stats.launched.get(), stats.completed.get(), stats.failures(),
                    stats.details(), protocol == EdgeProtocol.H2 ? h2.size() : s.streams(),
                    stats.firstEvent.getIntervalHistogram(), stats.streamTime.getIntervalHistogram(),
                    cpuAfter - cpuBefore, heapIdle, heapLoaded, openAtProbe, rssPeak.get());
        } finally {
            sampler.shutdownNow();
            h2.forEach(Channel::close);
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void openH2Stream(Channel connection, HeldStream stream) {
        ChannelHandler init = new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false), stream);
            }
        };
        new Http2StreamChannelBootstrap(connection).handler(init).open().addListener(f -> {
            if (!f.isSuccess()) {
                stream.connectFailed(f.cause());
            }
        });
    }
}
