package dev.sluice.bench.resume;

/**
 * The shape of one resume run.
 *
 * @param streams            stage streams in the run
 * @param rate               stream arrivals per second
 * @param stages             stages per stream (events = stages + 1)
 * @param stageDelayMs       each stage's delay on the target
 * @param drops              connections each stream's client drops mid-stream (each at a random event)
 * @param reconnectDelayMs   pause between a drop (or the {@code complete} event) and the reconnect
 * @param slackMs            grace past a stream's expected end before it counts as timed out
 * @param clientThreads      client event loop threads
 * @param sourceAddresses    loopback source addresses to rotate over
 * @param queryParameter     send the last id as {@code ?lastEventId=} instead of the {@code Last-Event-ID} header
 * @param seed               seed of the drop points
 */
public record ResumeSettings(int streams, double rate, int stages, long stageDelayMs, int drops, long reconnectDelayMs,
                             long slackMs, int clientThreads, int sourceAddresses, boolean queryParameter, long seed) {

    /** Checks the settings. */
    public ResumeSettings {
        if (streams < 1 || rate <= 0 || stages < 1 || stageDelayMs < 0 || drops < 0 || reconnectDelayMs < 0) {
            throw new IllegalArgumentException("--streams, --rate, --stages must be positive; delays and --drops not negative");
        }
        if (drops > stages) {
            throw new IllegalArgumentException("--drops must leave an event after each drop: at most --stages (" + stages + ")");
        }
    }

    /** Events per stream. */
    public int events() {
        return stages + 1;
    }

    /** Nanoseconds a stream should take from its first event to {@code complete}, plus one reconnect pause per drop. */
    public long expectedNanos() {
        return (stages * stageDelayMs + (drops + 1) * reconnectDelayMs) * 1_000_000L;
    }
}
