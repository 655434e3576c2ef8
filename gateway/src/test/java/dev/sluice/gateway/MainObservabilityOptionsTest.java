package dev.sluice.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeout, access-log and admin-port options through {@link Main#run}: listed in {@code --help},
 * and a bad value from any layer stops the start with exit code 2 and a message naming the option
 * and where the value came from.
 */
class MainObservabilityOptionsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) throws InterruptedException {
        return Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpDescribesEachOptionWithDefaultAndEnvironmentName() throws InterruptedException {
        assertEquals(0, run(Map.of(), "--help"));
        String help = out.toString().replaceAll("\\s+", " "); // picocli wraps long descriptions
        assertTrue(help.contains("--request-timeout-ms") && help.contains("Default: 10000; env SLUICE_REQUEST_TIMEOUT_MS"),
                help);
        assertTrue(help.contains("--idle-timeout-ms") && help.contains("Default: 60000; env SLUICE_IDLE_TIMEOUT_MS"),
                help);
        assertTrue(help.contains("--access-log") && help.contains("Default: true; env SLUICE_ACCESS_LOG"), help);
        assertTrue(help.contains("--admin-port") && help.contains("Default: (none); env SLUICE_ADMIN_PORT"), help);
    }

    @Test
    void aNonNumericTimeoutFlagIsNamed() throws InterruptedException {
        assertEquals(2, run(Map.of(), "--request-timeout-ms", "soon"));
        assertTrue(err.toString().contains("--request-timeout-ms (from --request-timeout-ms): expected a whole number,"
                + " got 'soon'"), err::toString);
    }

    @Test
    void aZeroIdleTimeoutFromTheEnvironmentIsNamedWithItsVariable() throws InterruptedException {
        assertEquals(2, run(Map.of("SLUICE_IDLE_TIMEOUT_MS", "0")));
        assertTrue(err.toString().contains("--idle-timeout-ms (from environment SLUICE_IDLE_TIMEOUT_MS): must be between 1"),
                err::toString);
    }

    @Test
    void anAccessLogValueThatIsNotABooleanIsNamedWithItsFile(@TempDir Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("sluice.properties");
        Files.writeString(file, "access-log=maybe\n");
        assertEquals(2, run(Map.of(), "--config", file.toString()));
        assertTrue(err.toString().contains("--access-log (from config file " + file + "): expected true or false,"
                + " got 'maybe'"), err::toString);
    }

    @Test
    void anAdminPortOutOfRangeIsNamed() throws InterruptedException {
        assertEquals(2, run(Map.of(), "--admin-port", "70000"));
        assertTrue(err.toString().contains("--admin-port (from --admin-port): must be between 0 and 65535, got 70000"),
                err::toString);
    }
}
