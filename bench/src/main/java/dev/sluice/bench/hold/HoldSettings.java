package dev.sluice.bench.hold;

import java.util.List;

/**
 * The shape of one sidecar hold run.
 *
 * @param streams         client streams
 * @param rate            arrivals per second
 * @param stages          stages the app server produces per stream
 * @param stageDelayMs    the app server's delay per stage
 * @param slackMs         grace past a stream's expected end
 * @param clientThreads   client event loop threads
 * @param sourceAddresses loopback source addresses
 * @param token           publish token shared by Sluice and the app server
 * @param sluiceFlags     extra gateway flags
 * @param holdUpstreamMaxConnections {@code --upstream-max-connections} given to Sluice in hold mode only
 *                        (relayed streams each keep their connection, so relay runs uncapped); 0: none
 */
public record HoldSettings(int streams, double rate, int stages, long stageDelayMs, long slackMs, int clientThreads,
                           int sourceAddresses, String token, List<String> sluiceFlags,
                           int holdUpstreamMaxConnections) {

    /** Events the app sends per stream. */
    public int events() {
        return stages + 1;
    }

    /** How long the arrivals and one stream take, in nanoseconds. */
    public long expectedNanos() {
        return (long) (streams / rate * 1e9) + stages * stageDelayMs * 1_000_000L;
    }
}
