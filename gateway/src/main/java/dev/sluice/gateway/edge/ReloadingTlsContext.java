package dev.sluice.gateway.edge;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context, rebuilt when its certificate or key file changes on disk, so a rotated
 * certificate (certbot, cert-manager, a mounted secret) is served without a restart.
 *
 * <p>New connections ask for {@link #current()}; at most once per {@value #CHECK_INTERVAL_MS} ms one of
 * them (whichever wins a compare-and-set, on its own event loop) compares the two files' modification
 * times with those of the context in use: two {@code stat} calls. Only when they differ is the
 * context rebuilt, there and then, so the very next handshake gets the new certificate; a rebuild
 * parses two small PEM files and takes a few milliseconds, once per rotation. If the new files do not
 * make a valid context (half written, key and certificate from different pairs), the old context
 * stays in use, the failure is logged once per change, and the files are looked at again a second
 * later. Replace the files by renaming new ones over them, so a reader never sees half a file.
 *
 * <p>OpenSSL (BoringSSL from {@code netty-tcnative-boringssl-static}) is used where it loads, the
 * JDK's TLS otherwise; either way with ALPN offering {@code h2} then {@code http/1.1}, TLS 1.3 and 1.2
 * only, and the HTTP/2 cipher list (RFC 7540's blocklist excluded).
 */
public final class ReloadingTlsContext {
    private static final Logger log = LoggerFactory.getLogger(ReloadingTlsContext.class);
    static final long CHECK_INTERVAL_MS = 1000;

    private record Loaded(SslContext context, FileTime certTime, FileTime keyTime) {
    }

    private final Path certFile;
    private final Path keyFile;
    private final SslProvider provider;
    private final AtomicLong nextCheckNanos;
    private volatile Loaded loaded;
    /** The file times of the last replacement that failed to load, so it is logged once. */
    private volatile String failedTimes;

    private ReloadingTlsContext(Path certFile, Path keyFile, SslProvider provider, Loaded loaded) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.provider = provider;
        this.loaded = loaded;
        this.nextCheckNanos = new AtomicLong(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CHECK_INTERVAL_MS));
    }

    /**
     * Loads the files once, at start.
     *
     * @throws IOException or {@link SSLException} when they cannot be read or do not make a context
     */
    public static ReloadingTlsContext load(Path certFile, Path keyFile) throws IOException {
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        ReloadingTlsContext tls = new ReloadingTlsContext(certFile, keyFile, provider,
                build(certFile, keyFile, provider, Files.getLastModifiedTime(certFile),
                        Files.getLastModifiedTime(keyFile)));
        log.info("TLS on with {} (ALPN h2, http/1.1; TLSv1.3, TLSv1.2), certificate {}", tls.providerName(),
                certFile);
        return tls;
    }

    /** Which implementation serves TLS, for the start-up line. */
    public String providerName() {
        return provider == SslProvider.OPENSSL ? "OpenSSL (" + OpenSsl.versionString() + ", netty-tcnative)"
                : "the JDK's TLS (netty-tcnative did not load: " + OpenSsl.unavailabilityCause() + ")";
    }

    public boolean usesOpenSsl() {
        return provider == SslProvider.OPENSSL;
    }

    /** The context for a new connection: the newest certificate that loaded. */
    public SslContext current() {
        long now = System.nanoTime();
        long next = nextCheckNanos.get();
        if (now - next >= 0
                && nextCheckNanos.compareAndSet(next, now + TimeUnit.MILLISECONDS.toNanos(CHECK_INTERVAL_MS))) {
            reloadIfChanged();
        }
        return loaded.context();
    }

    private void reloadIfChanged() {
        Loaded inUse = loaded;
        FileTime certTime;
        FileTime keyTime;
        try {
            certTime = Files.getLastModifiedTime(certFile);
            keyTime = Files.getLastModifiedTime(keyFile);
        } catch (IOException e) {
            logFailureOnce("missing", "TLS: cannot read {} or {} ({}); serving the previous certificate", certFile,
                    keyFile, e.toString());
            return;
        }
        if (certTime.equals(inUse.certTime()) && keyTime.equals(inUse.keyTime())) {
            return;
        }
        try {
            loaded = build(certFile, keyFile, provider, certTime, keyTime);
            failedTimes = null;
            log.info("TLS: certificate {} reloaded; new connections get it", certFile);
        } catch (IOException | RuntimeException e) {
            logFailureOnce(certTime + "/" + keyTime,
                    "TLS: the replaced certificate {} or key {} does not load ({}); serving the previous one",
                    certFile, keyFile, e.toString());
        }
    }

    private void logFailureOnce(String times, String message, Object... args) {
        if (!times.equals(failedTimes)) {
            failedTimes = times;
            log.warn(message, args);
        }
    }

    private static Loaded build(Path certFile, Path keyFile, SslProvider provider, FileTime certTime,
            FileTime keyTime) throws SSLException {
        SslContext context = SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
                .sslProvider(provider)
                .protocols("TLSv1.3", "TLSv1.2")
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        // Both behaviours are the only ones OpenSSL and the JDK both support.
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();
        return new Loaded(context, certTime, keyTime);
    }
}
