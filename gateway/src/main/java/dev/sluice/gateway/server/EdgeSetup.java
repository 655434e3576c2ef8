package dev.sluice.gateway.server;

import dev.sluice.gateway.edge.EdgeStats;
import dev.sluice.gateway.edge.Http2Connections;
import dev.sluice.gateway.edge.ReloadingTlsContext;
import io.netty.channel.WriteBufferWaterMark;

/**
 * What a listener needs for TLS and HTTP/2, shared by all its connections.
 *
 * @param tls the TLS context, or {@code null} for plain HTTP/1.1
 * @param stats protocol and handshake counts
 * @param h2Connections open HTTP/2 connections, for {@code GOAWAY} on drain
 * @param h2MaxConcurrentStreams {@code SETTINGS_MAX_CONCURRENT_STREAMS} offered to clients
 * @param streamWaterMark outbound limits of each HTTP/2 stream (a connection's, on HTTP/1.1)
 */
record EdgeSetup(ReloadingTlsContext tls, EdgeStats stats, Http2Connections h2Connections,
        int h2MaxConcurrentStreams, WriteBufferWaterMark streamWaterMark) {

    /** Plain HTTP/1.1, counted nowhere that is scraped (tests, the admin port). */
    static EdgeSetup plain() {
        return new EdgeSetup(null, new EdgeStats(), new Http2Connections(), 100, WriteBufferWaterMark.DEFAULT);
    }
}
