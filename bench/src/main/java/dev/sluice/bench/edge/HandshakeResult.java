package dev.sluice.bench.edge;

import org.HdrHistogram.Histogram;

/**
 * What one TLS handshake run measured.
 *
 * @param provider        the provider asked for (openssl or jdk)
 * @param reported        what the gateway's log says it uses
 * @param round           round number
 * @param handshakes      full handshakes completed
 * @param failed          handshakes or connections that failed
 * @param seconds         the measured span
 * @param latency         connect + handshake time, µs
 * @param cpuSeconds      gateway CPU over the span
 * @param firstFailure    the first failure, or null
 */
public record HandshakeResult(String provider, String reported, int round, long handshakes, long failed,
                              double seconds, Histogram latency, double cpuSeconds, String firstFailure) {
}
