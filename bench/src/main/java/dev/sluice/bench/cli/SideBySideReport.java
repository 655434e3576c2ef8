package dev.sluice.bench.cli;

import dev.sluice.bench.report.MachineDescription;
import dev.sluice.bench.report.SideBySideTable;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Prints a side-by-side table with the machine and setup lines and writes it as report.json into the run's
 * directory.
 */
final class SideBySideReport {

    private SideBySideReport() {
    }

    static void emit(SideBySideTable<?> table, Path dir, String setup) throws IOException {
        String machine = MachineDescription.describe() + "\n" + setup;
        table.print(System.out, BenchMain.commandLine(), machine);
        Path json = dir.resolve("report.json");
        table.writeJson(json, BenchMain.commandLine(), machine);
        System.out.println("report: " + json.toAbsolutePath());
    }
}
