package dev.sluice.bench.edge;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

import javax.net.ssl.SSLException;
import java.nio.file.Path;

/**
 * The clients' TLS: trust exactly the run's test certificate, offer one ALPN protocol ({@code h2} or
 * {@code http/1.1}), and use BoringSSL (netty-tcnative) when it loads so that the client's handshake cost
 * stays below the gateway's, the JDK's TLS otherwise.
 */
public final class ClientTls {

    private ClientTls() {
    }

    /** A client context offering {@code alpn} and trusting {@code certificate}. */
    public static SslContext context(Path certificate, String alpn) throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .trustManager(certificate.toFile())
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn))
                .build();
    }

    /** A client context for HTTP/2. */
    public static SslContext h2(Path certificate) throws SSLException {
        return context(certificate, ApplicationProtocolNames.HTTP_2);
    }

    /** A client context for HTTP/1.1. */
    public static SslContext h1(Path certificate) throws SSLException {
        return context(certificate, ApplicationProtocolNames.HTTP_1_1);
    }

    /** Which TLS implementation the clients use, for reports. */
    public static String describe() {
        return OpenSsl.isAvailable() ? "client TLS: " + OpenSsl.versionString() + " (netty-tcnative)" : "client TLS: JDK";
    }
}
