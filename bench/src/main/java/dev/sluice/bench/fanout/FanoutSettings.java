package dev.sluice.bench.fanout;

/**
 * The shape of one fanout run.
 *
 * @param subscribers     subscribers in all, spread round-robin over the channels
 * @param channels        channels ({@code fan-0}, {@code fan-1}, ...)
 * @param rate            events per second published on each channel
 * @param events          measured events per channel
 * @param warmUpEvents    events per channel published (and checked) before the measured ones, not timed
 * @param connectRate     subscribers connected per second
 * @param padBytes        padding in each event's data
 * @param clientThreads   event loop threads of the subscribers
 * @param sourceAddresses loopback source addresses the subscribers rotate over
 * @param slackMs         grace after the last intended publish before unfinished subscribers count as timed out
 * @param token           the publish token given to the target and sent as {@code Authorization: Bearer}
 * @param heapProbe       measure the live heap per subscriber (JVM targets)
 */
public record FanoutSettings(int subscribers, int channels, double rate, int events, int warmUpEvents,
                             double connectRate, int padBytes, int clientThreads, int sourceAddresses, long slackMs,
                             String token, boolean heapProbe) {

    /** Checks the settings. */
    public FanoutSettings {
        if (subscribers < 1 || channels < 1 || channels > subscribers) {
            throw new IllegalArgumentException("need 1 <= --channels <= --subscribers");
        }
        if (rate <= 0 || events < 1 || warmUpEvents < 0 || connectRate <= 0 || padBytes < 0) {
            throw new IllegalArgumentException("--rate, --events and --connect-rate must be positive,"
                    + " --warm-up-events and --pad-bytes not negative");
        }
    }

    /** The name of channel {@code i}. */
    public static String channelName(int i) {
        return "fan-" + i;
    }

    /** Deliveries the measured phase should make. */
    public long expectedDeliveries() {
        return (long) subscribers * events;
    }

    /** Seconds the measured phase publishes for. */
    public double publishSeconds() {
        return events / rate;
    }
}
