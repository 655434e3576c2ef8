package dev.sluice.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report as an aligned text table: one row per figure, one column per target, then the ratios. */
public final class TerminalTable {

    private TerminalTable() {
    }

    /** Prints {@code report} to {@code out}. */
    public static void print(Report report, PrintStream out) {
        List<String> targets = report.targets();
        List<String> peers = report.peers();
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("figure"));
        header.addAll(targets);
        peers.forEach(peer -> header.add("sluice/" + peer));
        rows.add(header.toArray(String[]::new));
        for (Figure figure : report.figures()) {
            List<String> row = new ArrayList<>();
            String arrow = switch (figure.better()) {
                case LOWER -> " (lower better)";
                case HIGHER -> " (higher better)";
                default -> "";
            };
            row.add(figure.name() + (figure.unit().isEmpty() ? "" : " [" + figure.unit() + "]") + arrow);
            targets.forEach(target -> row.add(format(report.value(figure, target))));
            peers.forEach(peer -> row.add(ratio(report.ratio(figure, peer))));
            rows.add(row.toArray(String[]::new));
        }
        int[] widths = new int[header.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println("scenario " + report.scenario() + " — " + report.machine());
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            String[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                line.append(i == 0 ? pad(cell, widths[i], false) : "  " + pad(cell, widths[i], true));
            }
            out.println(line);
            if (r == 0) {
                out.println("-".repeat(line.length()));
            }
        }
        for (String line : report.saturation()) {
            out.println(line);
        }
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    /** A number with precision that suits its size; "n/a" for NaN. */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 1000 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2fx", value);
    }
}
