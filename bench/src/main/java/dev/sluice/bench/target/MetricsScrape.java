package dev.sluice.bench.target;

/**
 * Reads one unlabelled gauge or counter, or a quantile of one unlabelled classic histogram, from a
 * Prometheus text endpoint (Sluice's {@code /metrics}).
 */
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

    /**
     * The {@code quantile} (0..1) of the unlabelled classic histogram {@code name}, as the upper bound of
     * the first bucket whose cumulative count reaches it (so it errs high by at most one bucket), or NaN
     * when the endpoint, the histogram or any observation is missing.
     */
    public double quantile(String name, double quantile) {
        OneShotGet response = OneShotGet.fetch(host, port, "/metrics", 3_000);
        return response.status() == 200 ? quantile(response.body(), name, quantile) : Double.NaN;
    }

    static double quantile(String exposition, String name, double quantile) {
        String prefix = name + "_bucket{le=\"";
        java.util.List<double[]> buckets = new java.util.ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            int close = line.indexOf('"', prefix.length());
            String le = line.substring(prefix.length(), close);
            String[] parts = line.substring(close).trim().split("\\s+");
            try {
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.add(new double[] {bound, Double.parseDouble(parts[1])});
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                return Double.NaN;
            }
        }
        if (buckets.isEmpty()) {
            return Double.NaN;
        }
        buckets.sort(java.util.Comparator.comparingDouble(b -> b[0]));
        double total = buckets.get(buckets.size() - 1)[1];
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = quantile * total;
        for (double[] bucket : buckets) {
            if (bucket[1] >= rank) {
                return bucket[0];
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
