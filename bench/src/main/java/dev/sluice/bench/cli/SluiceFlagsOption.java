package dev.sluice.bench.cli;

import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;

/** {@code --sluice-flags}: extra gateway flags of the scenarios that start Sluice themselves. */
public final class SluiceFlagsOption {

    @Option(names = "--sluice-flags", defaultValue = "", description = "Extra gateway flags, space-separated.")
    String sluiceFlags;

    /** The flags split on white space; none when the option was not given. */
    List<String> list() {
        return sluiceFlags.isBlank() ? List.of() : Arrays.asList(sluiceFlags.trim().split("\\s+"));
    }
}
