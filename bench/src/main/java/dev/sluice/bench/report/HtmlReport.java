package dev.sluice.bench.report;

import dev.sluice.bench.stats.TimelineSample;
import dev.sluice.bench.target.TargetSample;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A self-contained HTML page (inline SVG, no scripts, nothing fetched): the figures table, latency
 * percentile curves of every target on one chart, and open streams and events/s over time.
 */
public final class HtmlReport {

    private static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999};

    private HtmlReport() {
    }

    /** Writes {@code report} to {@code file}. */
    public static void write(Report report, Path file) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Sluice bench: ")
                .append(SvgChart.escape(report.scenario())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1100px}")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}code{background:#f4f4f4;padding:2px}")
                .append("</style></head><body>");
        html.append("<h1>Sluice bench: ").append(SvgChart.escape(report.scenario())).append("</h1>");
        html.append("<p>Machine: ").append(SvgChart.escape(report.machine())).append("</p>");
        html.append("<p>Command: <code>").append(SvgChart.escape(report.command())).append("</code></p>");
        html.append("<p>Latency is measured from each stream's intended start (no coordinated omission). "
                + "Ratios are Sluice ÷ peer: below 1 is better for Sluice where lower is better, above 1 where "
                + "higher is better.</p>");
        appendTable(report, html);
        html.append(percentileChart(report, "Time to first event", run -> run.client().latency().firstEvent()).render());
        html.append(percentileChart(report, "Event lateness against schedule",
                run -> run.client().latency().lateness()).render());
        boolean relays = report.runs().stream().anyMatch(run -> run.upstream() != null);
        if (relays) {
            html.append(percentileChart(report, "Time to first upstream event",
                    run -> run.client().latency().firstUpstreamEvent()).render());
        }
        html.append(openStreamsChart(report, "Open connections on the target over time (round 1)",
                RunResult::targetTimeline).render());
        if (relays) {
            // A direct run's target is the app server itself.
            html.append(openStreamsChart(report, "Open connections on the upstream app server over time (round 1)",
                    run -> run.upstream() != null ? run.upstreamTimeline() : run.targetTimeline()).render());
        }
        html.append(eventsPerSecondChart(report).render());
        html.append("</body></html>\n");
        Files.writeString(file, html);
    }

    private static void appendTable(Report report, StringBuilder html) {
        List<String> targets = report.targets();
        List<String> peers = report.peers();
        html.append("<table><tr><th>figure</th>");
        targets.forEach(t -> html.append("<th>").append(SvgChart.escape(t)).append("</th>"));
        peers.forEach(p -> html.append("<th>sluice/").append(SvgChart.escape(p)).append("</th>"));
        html.append("</tr>");
        for (Figure figure : report.figures()) {
            String better = switch (figure.better()) {
                case LOWER -> " ↓";
                case HIGHER -> " ↑";
                default -> "";
            };
            html.append("<tr><td>").append(SvgChart.escape(figure.name()))
                    .append(figure.unit().isEmpty() ? "" : " [" + figure.unit() + "]").append(better).append("</td>");
            targets.forEach(t -> html.append("<td class=n>").append(TerminalTable.format(report.value(figure, t)))
                    .append("</td>"));
            peers.forEach(p -> {
                double ratio = report.ratio(figure, p);
                html.append("<td class=n>").append(Double.isNaN(ratio) ? "n/a"
                        : String.format(java.util.Locale.ROOT, "%.2f×", ratio)).append("</td>");
            });
            html.append("</tr>");
        }
        html.append("</table>");
        html.append("<ul>");
        for (String line : report.saturation()) {
            html.append("<li>").append(SvgChart.escape(line)).append("</li>");
        }
        html.append("</ul>");
    }

    /** x = log10(1 / (1 - p)): 0 at p0, 1 at p90, 2 at p99, 3 at p99.9 — the usual HdrHistogram plot. */
    private static SvgChart percentileChart(Report report, String title, Function<RunResult, Histogram> histogram) {
        SvgChart chart = new SvgChart(title + " by percentile", "percentile", "ms");
        chart.xTicks(List.of(new SvgChart.Tick(0, "0%"), new SvgChart.Tick(1, "90%"), new SvgChart.Tick(2, "99%"),
                new SvgChart.Tick(3, "99.9%"), new SvgChart.Tick(4, "99.99%"), new SvgChart.Tick(5, "99.999%")));
        for (String target : report.targets()) {
            Histogram merged = dev.sluice.bench.stats.LatencyHistograms.newHistogram();
            report.runsOf(target).forEach(run -> merged.add(histogram.apply(run)));
            if (merged.getTotalCount() == 0) {
                continue;
            }
            double[] xs = new double[PERCENTILES.length];
            double[] ys = new double[PERCENTILES.length];
            for (int i = 0; i < PERCENTILES.length; i++) {
                xs[i] = Math.log10(100 / (100 - PERCENTILES[i]));
                ys[i] = merged.getValueAtPercentile(PERCENTILES[i]) / 1000.0;
            }
            chart.add(new SvgChart.Series(target, xs, ys));
        }
        return chart;
    }

    private static SvgChart openStreamsChart(Report report, String title,
                                             Function<RunResult, List<TargetSample>> timeline) {
        SvgChart chart = new SvgChart(title, "seconds", "open");
        for (String target : report.targets()) {
            RunResult run = report.runsOf(target).get(0);
            List<TargetSample> samples = timeline.apply(run);
            double interval = run.settings().sampleMs() / 1000.0;
            double[] xs = new double[samples.size()];
            double[] ys = new double[samples.size()];
            for (int i = 0; i < samples.size(); i++) {
                xs[i] = samples.get(i).tick() * interval;
                ys[i] = samples.get(i).openSockets() < 0 ? Double.NaN : samples.get(i).openSockets();
            }
            chart.add(new SvgChart.Series(target, xs, ys));
        }
        return chart;
    }

    private static SvgChart eventsPerSecondChart(Report report) {
        SvgChart chart = new SvgChart("Events received per second (round 1)", "seconds", "events/s");
        for (String target : report.targets()) {
            RunResult run = report.runsOf(target).get(0);
            List<TimelineSample> samples = run.client().timeline();
            double interval = run.settings().sampleMs() / 1000.0;
            List<double[]> points = new ArrayList<>();
            for (int i = 1; i < samples.size(); i++) {
                TimelineSample a = samples.get(i - 1);
                TimelineSample b = samples.get(i);
                int ticks = Math.max(1, b.tick() - a.tick());
                points.add(new double[] {b.tick() * interval, (b.events() - a.events()) / (ticks * interval)});
            }
            chart.add(new SvgChart.Series(target, points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray()));
        }
        return chart;
    }
}
