package dev.sluice.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.gateway.config.ConfigOption;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) throws InterruptedException {
        return Main.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsEveryOptionWithItsDefault() throws InterruptedException {
        assertEquals(0, run("--help"));

        String help = out.toString();
        for (ConfigOption option : ConfigOption.values()) {
            assertTrue(help.contains(option.flag()), () -> option.flag() + " missing from:\n" + help);
            assertTrue(help.contains(option.envName()), () -> option.envName() + " missing from:\n" + help);
        }
        assertTrue(help.contains("--config"), help);
        assertTrue(help.contains("--help"), help);
        assertTrue(help.contains("Default: 150"), "defaults are shown:\n" + help);
        assertEquals("", err.toString());
    }

    @Test
    void contractFlagsExist() throws InterruptedException {
        assertEquals(0, run("-h"));
        for (String flag : new String[] {"--port", "--host", "--transport", "--stage-delay-ms", "--stages"}) {
            assertTrue(out.toString().contains(flag), flag);
        }
    }

    @Test
    void anUnknownFlagOrBadValueExitsWith2AndSaysWhy() throws InterruptedException {
        assertEquals(2, run("--no-such-flag"));
        assertTrue(err.toString().contains("--no-such-flag"), err.toString());

        StringWriter err2 = new StringWriter();
        int status = Main.run(new String[] {"--port", "http"}, Map.of(), new PrintWriter(out, true),
                new PrintWriter(err2, true));
        assertEquals(2, status);
        assertTrue(err2.toString().contains("--port"), err2.toString());
    }

    @Test
    void aBadEnvironmentValueIsReportedWithItsVariable() throws InterruptedException {
        int status = Main.run(new String[0], Map.of("SLUICE_TRANSPORT", "carrier-pigeon"), new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertEquals(2, status);
        assertTrue(err.toString().contains("SLUICE_TRANSPORT"), err.toString());
    }
}
