package dev.sluice.bench.target;

/** Reads one unlabelled gauge or counter from a Prometheus text endpoint (Sluice's {@code /metrics}). */
public final class MetricsScrape {

    private final String host;
    private final int port;

    /** A scraper of {@code http://host:port/metrics}. */
    public MetricsScrape(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The value of {@code name}, or NaN when the endpoint or the metric is unavailable. */
    public double value(String name) {
        OneShotGet response = OneShotGet.fetch(host, port, "/metrics", 3_000);
        return response.status() == 200 ? find(response.body(), name) : Double.NaN;
    }

    static double find(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{}")) {
                String[] parts = line.trim().split("\\s+");
                try {
                    return Double.parseDouble(parts[1]);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }
}
