package dev.sluice.bench.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.bench.report.Figure.Better;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A table of named figures, one column per target (or mode), then the first column ÷ each other column:
 * what the scenarios that are not stage-stream loads (fanout, resume, hold, h2, restart) print and save.
 * Values are computed once when a row is added.
 *
 * @param <T> what a column is computed from (a target's runs)
 */
public final class SideBySideTable<T> {

    private record Row(String name, String unit, Better better, Map<String, Double> values) {
    }

    private final String scenario;
    private final Map<String, T> columns;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** A table for {@code scenario} over {@code columns} (in order; the first is the one compared). */
    public SideBySideTable(String scenario, Map<String, T> columns) {
        this.scenario = scenario;
        this.columns = new LinkedHashMap<>(columns);
    }

    /** Adds a row whose value for each column is {@code value} of that column's data (NaN: not measured). */
    public SideBySideTable<T> row(String name, String unit, Better better, ToDoubleFunction<T> value) {
        Map<String, Double> values = new LinkedHashMap<>();
        columns.forEach((label, data) -> values.put(label, value.applyAsDouble(data)));
        rows.add(new Row(name, unit, better, values));
        return this;
    }

    /** A line printed under the table (failure details, for instance). */
    public SideBySideTable<T> note(String line) {
        notes.add(line);
        return this;
    }

    /** The value of row {@code name} for {@code column}; NaN when absent. */
    public double value(String name, String column) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst()
                .map(r -> r.values().getOrDefault(column, Double.NaN)).orElse(Double.NaN);
    }

    /** Prints the command, the machine (with its load average), the table and the notes. */
    public void print(PrintStream out, String command, String machine) {
        List<String> labels = new ArrayList<>(columns.keySet());
        List<String[]> lines = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("figure"));
        header.addAll(labels);
        for (int i = 1; i < labels.size(); i++) {
            header.add(labels.get(0) + "/" + labels.get(i));
        }
        lines.add(header.toArray(String[]::new));
        for (Row row : rows) {
            List<String> cells = new ArrayList<>();
            String arrow = switch (row.better()) {
                case LOWER -> " (lower better)";
                case HIGHER -> " (higher better)";
                default -> "";
            };
            cells.add(row.name() + (row.unit().isEmpty() ? "" : " [" + row.unit() + "]") + arrow);
            labels.forEach(label -> cells.add(TerminalTable.format(row.values().get(label))));
            for (int i = 1; i < labels.size(); i++) {
                cells.add(ratio(row.values().get(labels.get(0)), row.values().get(labels.get(i))));
            }
            lines.add(cells.toArray(String[]::new));
        }
        int[] widths = new int[header.size()];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        out.println("scenario " + scenario);
        out.println("command: " + command);
        out.println("machine: " + machine);
        for (int r = 0; r < lines.size(); r++) {
            StringBuilder text = new StringBuilder();
            String[] line = lines.get(r);
            for (int i = 0; i < line.length; i++) {
                String pad = " ".repeat(Math.max(0, widths[i] - line[i].length()));
                text.append(i == 0 ? line[i] + pad : "  " + pad + line[i]);
            }
            out.println(text);
            if (r == 0) {
                out.println("-".repeat(text.length()));
            }
        }
        notes.forEach(out::println);
    }

    /** Writes the same figures as JSON: command, machine, values per column, notes. */
    public void writeJson(Path file, String command, String machine) throws IOException {
        try (Writer out = Files.newBufferedWriter(file);
             JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            json.writeStartObject();
            json.writeStringField("scenario", scenario);
            json.writeStringField("command", command);
            json.writeStringField("machine", machine);
            json.writeObjectFieldStart("figures");
            for (String label : columns.keySet()) {
                json.writeObjectFieldStart(label);
                for (Row row : rows) {
                    double v = row.values().get(label);
                    if (Double.isNaN(v)) {
                        json.writeNullField(row.name());
                    } else {
                        json.writeNumberField(row.name(), v);
                    }
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeArrayFieldStart("notes");
            for (String note : notes) {
                json.writeString(note);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2fx", a / b);
    }
}
