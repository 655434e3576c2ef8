package dev.sluice.gateway.it;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program from the machine's packages that a test drives (Chromium, chromedriver, nginx).
 *
 * <p>When one is missing a developer's run skips the test with a loud message, but a CI run
 * ({@code CI} set, as {@code .ci/run} and every CI service do) fails it: CI installs them, so a
 * missing binary there is a broken setup that must not pass as green.
 */
final class RequiredBinary {
    private RequiredBinary() {
    }

    /** Returns {@code path} if it is an executable file; otherwise skips or, under CI, fails the test. */
    static Path require(String path, String debianPackage) {
        Path binary = Path.of(path);
        if (Files.isRegularFile(binary) && Files.isExecutable(binary)) {
            return binary;
        }
        String message = path + " is missing: install it with `apt-get install -y " + debianPackage + "`";
        MissingPrerequisite.skipOrFail(message);
        throw new AssertionError("unreachable");
    }
}
