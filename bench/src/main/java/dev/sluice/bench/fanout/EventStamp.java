package dev.sluice.bench.fanout;

/**
 * What the publisher puts in each event's data, {@code {"n":17,"at":1234567,"pad":"..."}}: the event's
 * number on its channel ({@code n}, from 1) and its <em>intended</em> publish time ({@code at}, in
 * microseconds since the run's time origin). Delivery latency is arrival − intended publish time, so a
 * publisher or target that falls behind shows in the latency instead of silently lowering the rate.
 *
 * @param n      the event's number on its channel
 * @param atMicros intended publish time, microseconds since the run's origin
 */
public record EventStamp(long n, long atMicros) {

    /** The JSON data of event {@code n} with {@code padBytes} of padding. */
    public static String json(long n, long atMicros, int padBytes) {
        StringBuilder json = new StringBuilder(32 + padBytes).append("{\"n\":").append(n).append(",\"at\":")
                .append(atMicros);
        if (padBytes > 0) {
            json.append(",\"pad\":\"").append("x".repeat(padBytes)).append('"');
        }
        return json.append('}').toString();
    }

    /**
     * Reads {@code n} and {@code at} from data written by {@link #json}; null when either is missing or not a
     * number. A scan for the two keys, not a JSON parser: the client reads every delivered event of ten
     * thousand subscribers and must stay cheaper than the target it measures.
     */
    public static EventStamp parse(String data) {
        long n = number(data, "\"n\":");
        long at = number(data, "\"at\":");
        return n < 0 || at < 0 ? null : new EventStamp(n, at);
    }

    private static long number(String data, String key) {
        int start = data.indexOf(key);
        if (start < 0) {
            return -1;
        }
        int i = start + key.length();
        long value = 0;
        int digits = 0;
        while (i < data.length() && digits < 18) {
            char c = data.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            digits++;
            i++;
        }
        return digits == 0 ? -1 : value;
    }
}
