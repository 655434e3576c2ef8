package dev.sluice.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --route} is the one repeatable flag: every occurrence counts, as commas would in a file. */
class MainRouteFlagTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) throws InterruptedException {
        return Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void everyRouteFlagIsReadSoADuplicatePathInTheSecondIsCaught() throws InterruptedException {
        assertEquals(2, run(Map.of(), "--route", "/a=http://127.0.0.1:1/x", "--route", "/a=http://127.0.0.1:2/y"));
        assertTrue(err.toString().contains("--route (from --route): path /a is routed twice"), err.toString());
    }

    @Test
    void routesFromTheEnvironmentAreCommaSeparatedAndErrorsNameTheLayer() throws InterruptedException {
        assertEquals(2, run(Map.of("SLUICE_ROUTES", "/a=http://127.0.0.1:1/x, /b=https://127.0.0.1/y")));
        assertTrue(err.toString().contains("--route (from environment SLUICE_ROUTES): upstream 'https://127.0.0.1/y'"
                + " must be an http:// URL (TLS upstreams are not supported)"), err.toString());
    }

    @Test
    void helpSaysTheFlagRepeats() throws InterruptedException {
        assertEquals(0, run(Map.of(), "--help"));
        assertTrue(out.toString().contains("--route=VALUE"), out.toString());
        assertTrue(out.toString().contains("Repeat --route for more"), out.toString());
    }
}
