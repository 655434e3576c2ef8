package dev.sluice.gateway.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when something it needs from outside the JVM is missing (a program, an npm package, a
 * kernel setting): on a developer machine it skips loudly; under {@code CI=true} it fails, since
 * {@code .ci/run} must have provided it.
 */
final class MissingPrerequisite {

    private MissingPrerequisite() {
    }

    /** Skips the test with {@code message} printed where it cannot be missed, or fails it when CI is set. */
    static void skipOrFail(String message) {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank()) {
            Assertions.fail(message + " (CI is set, so this test may not be skipped)");
        }
        System.err.println();
        System.err.println("!!!!!!!! SKIPPING: " + message + " !!!!!!!!");
        System.err.println();
        Assumptions.abort("SKIPPED, " + message);
    }
}
