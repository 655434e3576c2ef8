package dev.sluice.bench.scenario;

/**
 * The resolved shape of a run: a scenario's defaults with the user's overrides applied.
 *
 * @param streams           streams in the run (in steady mode: the concurrency kept)
 * @param rate              arrivals per second
 * @param steady            replace ended streams until {@code durationMs} has passed
 * @param durationMs        steady duration
 * @param stages            stages per stream (events = stages + 1)
 * @param stageDelayMs      delay of every stage
 * @param leaveFraction     share of streams abandoned at a random point
 * @param post              POST (true) or GET
 * @param message           message sent
 * @param processes         client processes
 * @param sourceAddresses   loopback source addresses per client process
 * @param clientThreads     event loop threads per client process
 * @param slackMs           grace past a stream's due end before it times out
 * @param sampleMs          sampling interval of the timelines
 * @param heapProbe         measure live heap per open stream (JVM targets)
 * @param measureAllocation measure allocation per event (JVM targets)
 */
public record ScenarioSettings(int streams, double rate, boolean steady, long durationMs, int stages,
                               long stageDelayMs, double leaveFraction, boolean post, String message,
                               int processes, int sourceAddresses, int clientThreads, long slackMs, long sampleMs,
                               boolean heapProbe, boolean measureAllocation) {
}
