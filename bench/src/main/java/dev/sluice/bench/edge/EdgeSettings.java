package dev.sluice.bench.edge;

/**
 * The shape of one edge run: concurrent stage streams held open long enough to measure the gateway's
 * live heap per stream.
 *
 * @param streams         stage streams
 * @param rate            arrivals per second
 * @param stages          stages per stream
 * @param stageDelayMs    each stage's delay (long, so every stream is open when the heap is measured)
 * @param connections     HTTP/2 connections the streams are spread over (round-robin)
 * @param slackMs         grace past a stream's expected end
 * @param clientThreads   client event loop threads
 * @param sourceAddresses loopback source addresses
 * @param heapProbe       measure live heap per open stream (two forced GCs in the gateway per run)
 */
public record EdgeSettings(int streams, double rate, int stages, long stageDelayMs, int connections, long slackMs,
                           int clientThreads, int sourceAddresses, boolean heapProbe) {

    /** Events per stream. */
    public int events() {
        return stages + 1;
    }

    /** Nanoseconds one stream lasts on the gateway's schedule. */
    public long streamNanos() {
        return stages * stageDelayMs * 1_000_000L;
    }

    /** Nanoseconds the arrivals take. */
    public long arrivalNanos() {
        return (long) (streams / rate * 1e9);
    }
}
