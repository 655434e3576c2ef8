package dev.sluice.gateway.it;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small parser of the Prometheus text exposition format (version 0.0.4), enough to check what
 * {@code /metrics} serves: each sample line {@code name{labels} value} and each {@code # TYPE} line.
 * Label sets are kept as written, so {@code sample("x_total{outcome=\"completed\"}")} finds one series.
 */
final class PrometheusText {
    private final Map<String, String> types = new HashMap<>();
    private final Map<String, Double> samples = new LinkedHashMap<>();

    private PrometheusText() {
    }

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring("# TYPE ".length()).split(" ");
                parsed.types.put(parts[0], parts[1]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                if (space <= 0) {
                    throw new AssertionError("not a sample line: " + line);
                }
                String series = line.substring(0, space);
                if (parsed.samples.put(series, Double.parseDouble(line.substring(space + 1))) != null) {
                    throw new AssertionError("series exposed twice: " + series);
                }
            }
        }
        return parsed;
    }

    /** The metric family's type ({@code counter}, {@code gauge}, {@code histogram}), or null. */
    String type(String family) {
        return types.get(family);
    }

    /** The value of one series, failing when it is not exposed. */
    double sample(String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new AssertionError("series not exposed: " + series + "; exposed: " + samples.keySet());
        }
        return value;
    }

    boolean has(String series) {
        return samples.containsKey(series);
    }
}
