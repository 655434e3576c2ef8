package dev.sluice.bench.edge;

import dev.sluice.bench.client.ClientTransport;
import dev.sluice.bench.client.SourceAddresses;
import dev.sluice.bench.stats.LatencyHistograms;
import dev.sluice.bench.target.ProcessProbe;
import dev.sluice.bench.target.RunningTarget;
import dev.sluice.bench.target.TargetLauncher;
import dev.sluice.bench.target.TargetSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * TLS handshakes per second into a fresh gateway: {@code lanes} closed loops, each connecting, completing
 * a full handshake (the client keeps no session, so none is resumed), closing, and starting again, for
 * {@code seconds}, after as long a warm-up (same load, not counted) so that the JIT has compiled the handshake
 * path of both sides. The gateway picks BoringSSL when netty-tcnative loads; {@code jdk} starts it with
 * {@code -Dio.netty.handler.ssl.noOpenSsl=true}, which makes it fall back to the JDK's TLS.
 */
public final class HandshakeRun {

    /** The system property that keeps Netty from loading netty-tcnative. */
    public static final String NO_OPENSSL = "-Dio.netty.handler.ssl.noOpenSsl=true";

    private final PrintStream log;

    /** A run reporting progress to {@code log}. */
    public HandshakeRun(PrintStream log) {
        this.log = log;
    }

    /** Runs {@code provider} (openssl or jdk) for {@code seconds} with {@code lanes} concurrent handshakes. */
    public HandshakeResult run(String provider, TargetSpec gateway, TestCertificateFiles cert, int lanes,
                               double warmUpSeconds, double seconds, int sourceAddresses, List<String> sluiceFlags,
                               int round)
            throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(gateway.jvmOptions());
        if ("jdk".equals(provider)) {
            jvm.add(NO_OPENSSL);
        } else if (!"openssl".equals(provider)) {
            throw new IllegalArgumentException("provider is openssl or jdk, not " + provider);
        }
        TargetSpec spec = new TargetSpec(gateway.kind(), gateway.root(), jvm, gateway.externalUrl(), gateway.workDir(),
                gateway.java(), gateway.cpus());
        int adminPort = TargetLauncher.freePort();
        List<String> flags = new ArrayList<>(cert.gatewayFlags());
        flags.addAll(List.of("--admin-port", Integer.toString(adminPort)));
        flags.addAll(sluiceFlags);
        log.printf("[tls-handshakes] %s round %d: %d lanes for %.0f s%n", provider, round, lanes, seconds);
        try (RunningTarget target = TargetLauncher.start(spec, 6, 0, flags, "/api/chat/stream", 0, adminPort)) {
            if (warmUpSeconds > 0) {
                drive(provider, target, cert, lanes, warmUpSeconds, sourceAddresses, round);
            }
            return drive(provider, target, cert, lanes, seconds, sourceAddresses, round);
        }
    }

    private HandshakeResult drive(String provider, RunningTarget target, TestCertificateFiles cert, int lanes,
                                  double seconds, int sourceAddresses, int round)
            throws IOException, InterruptedException {
        SslContext tls = SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .trustManager(cert.cert().toFile())
                .endpointIdentificationAlgorithm(null)
                .build();
        ClientTransport transport = ClientTransport.best();
        EventLoopGroup group = transport.newGroup(1);
        Recorder latency = LatencyHistograms.newRecorder();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        ProcessProbe process = target.processProbe();
        InetSocketAddress remote = new InetSocketAddress(target.host(), target.port());
        SourceAddresses sources = new SourceAddresses(sourceAddresses, 0);
        AtomicLong connections = new AtomicLong();
        try {
            Bootstrap bootstrap = transport.bootstrap().group(group)
                    .option(ChannelOption.SO_LINGER, 0);
            double cpuBefore = process.cpuSeconds();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            CountDownLatch lanesDone = new CountDownLatch(lanes);
            for (int i = 0; i < lanes; i++) {
                new Lane(bootstrap, tls, remote, sources, connections, end, latency, done, failed, firstFailure,
                        lanesDone).next();
            }
            lanesDone.await((long) (seconds * 1000) + 15_000, TimeUnit.MILLISECONDS);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpuAfter = process.cpuSeconds();
            return new HandshakeResult(provider, reportedProvider(target), round, done.get(), failed.get(), elapsed,
                    latency.getIntervalHistogram(), cpuAfter - cpuBefore, firstFailure.get());
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** What the gateway logged about its TLS implementation at start. */
    static String reportedProvider(RunningTarget target) {
        try {
            for (String line : Files.readAllLines(target.outputLog())) {
                int at = line.indexOf("TLS on with ");
                if (at >= 0) {
                    String rest = line.substring(at + "TLS on with ".length());
                    int cut = rest.indexOf(" (ALPN");
                    return cut > 0 ? rest.substring(0, cut) : rest;
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "not logged";
    }

    /** One closed loop of connect, handshake, close. */
    private static final class Lane {
        private final Bootstrap bootstrap;
        private final SslContext tls;
        private final InetSocketAddress remote;
        private final SourceAddresses sources;
        private final AtomicLong connections;
        private final long endNanos;
        private final Recorder latency;
        private final AtomicLong done;
        private final AtomicLong failed;
        private final AtomicReference<String> firstFailure;
        private final CountDownLatch lanesDone;

        Lane(Bootstrap bootstrap, SslContext tls, InetSocketAddress remote, SourceAddresses sources,
             AtomicLong connections, long endNanos, Recorder latency, AtomicLong done, AtomicLong failed,
             AtomicReference<String> firstFailure, CountDownLatch lanesDone) {
            this.bootstrap = bootstrap;
            this.tls = tls;
            this.remote = remote;
            this.sources = sources;
            this.connections = connections;
            this.endNanos = endNanos;
            this.latency = latency;
            this.done = done;
            this.failed = failed;
            this.firstFailure = firstFailure;
            this.lanesDone = lanesDone;
        }

        void next() {
            if (System.nanoTime() >= endNanos) {
                lanesDone.countDown();
                return;
            }
            long started = System.nanoTime();
            bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    // No peer host and port: the client cannot look up a session to resume, so every
                    // handshake is a full one.
                    SslHandler ssl = tls.newHandler(ch.alloc());
                    ch.pipeline().addLast(ssl);
                    ssl.handshakeFuture().addListener(h -> {
                        if (h.isSuccess()) {
                            latency.recordValue(Math.min((System.nanoTime() - started) / 1_000,
                                    LatencyHistograms.HIGHEST_MICROS));
                            done.incrementAndGet();
                        } else {
                            fail(String.valueOf(h.cause()));
                        }
                        ch.close().addListener(c -> next());
                    });
                }
            }).connect(remote, sources.forConnection(connections.getAndIncrement())).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(String.valueOf(f.cause()));
                    next();
                }
            });
        }

        private void fail(String why) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, why);
        }
    }
}
