package dev.sluice.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart rendered as inline SVG (no scripts, no external resources): a few series over a
 * shared x axis, with tick labels the caller chooses (so the percentile chart can label a log axis
 * "50%", "99%", "99.9%").
 */
public final class SvgChart {

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 30;
    private static final int BOTTOM = 45;

    /** One named line. */
    public record Series(String name, double[] xs, double[] ys) {
    }

    /** One labelled tick on the x axis. */
    public record Tick(double x, String label) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Tick> xTicks = new ArrayList<>();

    /** An empty chart. */
    public SvgChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a line. */
    public SvgChart add(Series line) {
        series.add(line);
        return this;
    }

    /** Uses these x ticks instead of evenly spaced numbers. */
    public SvgChart xTicks(List<Tick> ticks) {
        xTicks.addAll(ticks);
        return this;
    }

    /** The SVG element. */
    public String render() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (Series s : series) {
            for (int i = 0; i < s.xs.length; i++) {
                if (Double.isNaN(s.ys[i])) {
                    continue;
                }
                minX = Math.min(minX, s.xs[i]);
                maxX = Math.max(maxX, s.xs[i]);
                maxY = Math.max(maxY, s.ys[i]);
            }
        }
        if (minX > maxX) {
            minX = 0;
            maxX = 1;
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        maxY = maxY <= 0 ? 1 : niceCeiling(maxY);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"13\" font-weight=\"bold\">%s</text>",
                LEFT, escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#999\"/>", LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= 5; i++) {
            double y = maxY * i / 5;
            double py = TOP + plotH - plotH * i / 5.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, LEFT + plotW, py, py,
                    LEFT - 5, py + 4, TerminalTable.format(y)));
        }
        List<Tick> ticks = xTicks.isEmpty() ? evenTicks(minX, maxX) : xTicks;
        for (Tick tick : ticks) {
            double px = LEFT + (tick.x - minX) / (maxX - minX) * plotW;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", px, px, TOP, TOP + plotH, px,
                    TOP + plotH + 15, escape(tick.label)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                LEFT + plotW / 2, HEIGHT - 8, escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" "
                + "text-anchor=\"middle\">%s</text>", TOP + plotH / 2, TOP + plotH / 2, escape(yLabel)));
        for (int n = 0; n < series.size(); n++) {
            Series s = series.get(n);
            String color = COLORS[n % COLORS.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.xs.length; i++) {
                if (Double.isNaN(s.ys[i])) {
                    continue;
                }
                double px = LEFT + (s.xs[i] - minX) / (maxX - minX) * plotW;
                double py = TOP + plotH - Math.min(1, s.ys[i] / maxY) * plotH;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            }
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"/>", color, points.toString().trim()));
            int ly = TOP + 10 + n * 16;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">%s</text>", LEFT + plotW + 10, LEFT + plotW + 30,
                    ly, ly, color, LEFT + plotW + 35, ly + 4, escape(s.name)));
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static List<Tick> evenTicks(double min, double max) {
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= 5; i++) {
            double x = min + (max - min) * i / 5;
            ticks.add(new Tick(x, TerminalTable.format(x)));
        }
        return ticks;
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** Escapes text for XML. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
