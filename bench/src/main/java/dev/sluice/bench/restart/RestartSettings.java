package dev.sluice.bench.restart;

/**
 * The shape of one rolling-restart run.
 *
 * @param rate            stream arrivals per second, kept up for the whole run
 * @param durationSeconds how long streams keep arriving
 * @param restarts        restarts spread evenly over the run (each: start the new process, wait until it is
 *                        ready, SIGTERM the old one)
 * @param stages          stages per stream
 * @param stageDelayMs    each stage's delay (streams must end within the old process's drain deadline)
 * @param slackMs         grace past a stream's expected end
 * @param clientThreads   client event loop threads
 * @param sourceAddresses loopback source addresses
 */
public record RestartSettings(double rate, double durationSeconds, int restarts, int stages, long stageDelayMs,
                              long slackMs, int clientThreads, int sourceAddresses) {

    /** Streams in the run. */
    public int streams() {
        return (int) Math.round(rate * durationSeconds);
    }

    /** Events per stream. */
    public int events() {
        return stages + 1;
    }

    /** Nanoseconds one stream lasts on the gateway's schedule. */
    public long streamNanos() {
        return stages * stageDelayMs * 1_000_000L;
    }
}
