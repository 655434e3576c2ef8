package dev.sluice.bench.cli;

import dev.sluice.bench.report.HtmlReport;
import dev.sluice.bench.report.JsonReport;
import dev.sluice.bench.report.Report;
import dev.sluice.bench.report.TerminalTable;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Prints the table and writes report.json and report.html into the run's directory. */
final class ReportOutput {

    private ReportOutput() {
    }

    static void emit(Report report, Path dir, PrintStream out) throws IOException {
        TerminalTable.print(report, out);
        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        JsonReport.write(report, json);
        HtmlReport.write(report, html);
        out.println("reports: " + json.toAbsolutePath() + " and " + html.toAbsolutePath());
    }
}
