package dev.sluice.gateway.edge;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of the browser-facing edge (SPEC section 11), kept in {@link LongAdder}s on the event loops
 * and summed at scrape time: connections by the HTTP version they speak, HTTP/2 streams, TLS
 * handshakes by result, and HTTP/2 connections closed for abuse (rapid reset and other protocol
 * errors answered with {@code GOAWAY}).
 */
public final class EdgeStats {
    private final LongAdder h1Connections = new LongAdder();
    private final LongAdder h2Connections = new LongAdder();
    private final LongAdder h2Streams = new LongAdder();
    private final LongAdder handshakesOk = new LongAdder();
    private final LongAdder handshakesFailed = new LongAdder();
    private final LongAdder h2ConnectionErrors = new LongAdder();

    public void connectionSpeaks(boolean h2) {
        (h2 ? h2Connections : h1Connections).increment();
    }

    public void h2StreamOpened() {
        h2Streams.increment();
    }

    void handshake(boolean ok) {
        (ok ? handshakesOk : handshakesFailed).increment();
    }

    void h2ConnectionError() {
        h2ConnectionErrors.increment();
    }

    public long h2Streams() {
        return h2Streams.sum();
    }

    public long handshakes(boolean ok) {
        return (ok ? handshakesOk : handshakesFailed).sum();
    }

    public long h2ConnectionErrors() {
        return h2ConnectionErrors.sum();
    }

    public void register(PrometheusRegistry registry) {
        CounterWithCallback.builder()
                .name("sluice_connections_total")
                .help("Client connections since start by the protocol they speak (h2 only over TLS, by ALPN)")
                .labelNames("protocol")
                .callback(callback -> {
                    callback.call(h1Connections.sum(), "h1");
                    callback.call(h2Connections.sum(), "h2");
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_h2_streams_total")
                .help("HTTP/2 streams opened by clients since start (each carries one request)")
                .callback(callback -> callback.call(h2Streams.sum()))
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_h2_connection_errors_total")
                .help("HTTP/2 connections closed with GOAWAY for a protocol error, rapid reset included")
                .callback(callback -> callback.call(h2ConnectionErrors.sum()))
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_tls_handshakes_total")
                .help("TLS handshakes since start by result")
                .labelNames("result")
                .callback(callback -> {
                    callback.call(handshakesOk.sum(), "ok");
                    callback.call(handshakesFailed.sum(), "failed");
                })
                .register(registry);
    }
}
