package dev.sluice.bench.client;

import dev.sluice.bench.stats.EventSchedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Everything one client process needs to drive its share of a run. Immutable; {@link #toArgs()} and
 * {@link #fromArgs(List)} carry it to a forked client process.
 *
 * @param host             target host (a loopback address for load runs)
 * @param port             target port
 * @param path             stream path, {@code /api/chat/stream}
 * @param post             POST with a JSON body when true, GET with {@code ?message=} when false
 * @param message          the message sent with every stream
 * @param streams          streams in the whole run (all shards); in steady mode, the concurrency to keep
 * @param rate             arrival rate of the whole run, streams per second
 * @param steady           replace every ended stream at once until {@code durationMs} has passed
 * @param durationMs       how long a steady run keeps replacing streams (ignored otherwise)
 * @param stageDelaysMs    the target's per-stage delays, giving each event's due time
 * @param checkEventCount  require exactly {@code stageDelaysMs.length + 1} events
 * @param relayed          the target is Sluice relaying an upstream (sidecar mode): its own {@code accepted}
 *                         event comes first, then the upstream's stream; {@code stageDelaysMs} then starts
 *                         with a 0 for that leading event
 * @param leaveFraction    share of streams the client abandons at a random point (churn), 0..1
 * @param seed             seed for the churn choices
 * @param sourceAddresses  loopback source addresses per process (127.0.0.x)
 * @param clientThreads    client event loop threads per process
 * @param slackMs          how long past its due end a stream may run before it counts as timed out
 * @param sampleIntervalMs timeline sampling interval
 * @param shardIndex       this process's shard, 0-based
 * @param shardCount       client processes in the run
 * @param startAtEpochMs   wall-clock time all shards start at (0: at once)
 */
public record LoadPlan(String host, int port, String path, boolean post, String message,
                       int streams, double rate, boolean steady, long durationMs,
                       long[] stageDelaysMs, boolean checkEventCount, boolean relayed, double leaveFraction,
                       long seed,
                       int sourceAddresses, int clientThreads, long slackMs, long sampleIntervalMs,
                       int shardIndex, int shardCount, long startAtEpochMs) {

    /** The due time of every event. */
    public EventSchedule schedule() {
        return EventSchedule.ofStageDelays(stageDelaysMs);
    }

    /** Events the gateway sends before the upstream's: its {@code accepted} event when relayed, else none. */
    public int leadingEvents() {
        return relayed ? 1 : 0;
    }

    /** The check for one stream of this plan. */
    public StreamCheck newCheck() {
        return new StreamCheck(checkEventCount ? schedule().eventCount() - leadingEvents() : 0, relayed);
    }

    /** Streams this shard starts before any replacement. */
    public int shardStreams() {
        return streams / shardCount + (shardIndex < streams % shardCount ? 1 : 0);
    }

    /** Time the arrival phase of the whole run takes. */
    public long arrivalNanos() {
        return (long) (streams / rate * 1e9);
    }

    /**
     * Most streams this shard can have open at once: all of them in steady mode, otherwise those that
     * arrive within one stream's life (plus a second of slack).
     */
    public long peakConcurrencyPerShard() {
        if (steady) {
            return shardStreams();
        }
        double lifeSeconds = schedule().durationNanos() / 1e9 + 1;
        return Math.min(shardStreams(), (long) Math.ceil(rate / shardCount * lifeSeconds));
    }

    /** How long a run may take at most before the client aborts what is left. */
    public long hardLimitNanos() {
        long launching = steady ? TimeUnit.MILLISECONDS.toNanos(durationMs) : arrivalNanos();
        return launching + schedule().durationNanos() + TimeUnit.MILLISECONDS.toNanos(slackMs)
                + TimeUnit.SECONDS.toNanos(5);
    }

    /** The same plan for shard {@code index} of {@code count}. */
    public LoadPlan shard(int index, int count, long startAt) {
        return new LoadPlan(host, port, path, post, message, streams, rate, steady, durationMs, stageDelaysMs,
                checkEventCount, relayed, leaveFraction, seed + index, sourceAddresses, clientThreads, slackMs,
                sampleIntervalMs, index, count, startAt);
    }

    /** Command-line form read back by {@link #fromArgs(List)}. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>();
        add(args, "host", host);
        add(args, "port", port);
        add(args, "path", path);
        add(args, "post", post);
        add(args, "message", message);
        add(args, "streams", streams);
        add(args, "rate", rate);
        add(args, "steady", steady);
        add(args, "duration-ms", durationMs);
        add(args, "stage-delays", Arrays.stream(stageDelaysMs).mapToObj(Long::toString)
                .collect(Collectors.joining(",")));
        add(args, "check-count", checkEventCount);
        add(args, "relayed", relayed);
        add(args, "leave-fraction", leaveFraction);
        add(args, "seed", seed);
        add(args, "source-addresses", sourceAddresses);
        add(args, "client-threads", clientThreads);
        add(args, "slack-ms", slackMs);
        add(args, "sample-ms", sampleIntervalMs);
        add(args, "shard-index", shardIndex);
        add(args, "shard-count", shardCount);
        add(args, "start-at", startAtEpochMs);
        return args;
    }

    private static void add(List<String> args, String name, Object value) {
        args.add("--" + name + "=" + value);
    }

    /** Reads the form {@link #toArgs()} wrote. */
    public static LoadPlan fromArgs(List<String> args) {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        String delays = values.get("stage-delays");
        long[] stageDelays = delays.isEmpty() ? new long[0]
                : Arrays.stream(delays.split(",")).mapToLong(Long::parseLong).toArray();
        return new LoadPlan(values.get("host"), Integer.parseInt(values.get("port")), values.get("path"),
                Boolean.parseBoolean(values.get("post")), values.get("message"),
                Integer.parseInt(values.get("streams")), Double.parseDouble(values.get("rate")),
                Boolean.parseBoolean(values.get("steady")), Long.parseLong(values.get("duration-ms")),
                stageDelays, Boolean.parseBoolean(values.get("check-count")),
                Boolean.parseBoolean(values.get("relayed")),
                Double.parseDouble(values.get("leave-fraction")), Long.parseLong(values.get("seed")),
                Integer.parseInt(values.get("source-addresses")), Integer.parseInt(values.get("client-threads")),
                Long.parseLong(values.get("slack-ms")), Long.parseLong(values.get("sample-ms")),
                Integer.parseInt(values.get("shard-index")), Integer.parseInt(values.get("shard-count")),
                Long.parseLong(values.get("start-at")));
    }
}
