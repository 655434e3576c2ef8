package dev.sluice.bench.fanout;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Tests that need {@code node} skip loudly without it on a developer machine, and fail under CI=true. */
public final class NodeInstalledForTests {

    private NodeInstalledForTests() {
    }

    public static void assumeOrFailUnderCi() {
        boolean installed = installed();
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("node is required under CI (.ci/run installs it)");
        }
        if (!installed) {
            System.err.println("SKIPPED: node is not installed");
        }
        Assumptions.assumeTrue(installed, "node is not installed");
    }

    private static boolean installed() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
