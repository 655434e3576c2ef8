package dev.sluice.gateway;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Turns SIGTERM (what orchestrators send on a deploy) and SIGINT (Ctrl-C) into a graceful shutdown
 * that ends with exit status 0.
 *
 * <p>Left to the JVM, these signals run the shutdown hooks and then exit with status 143 or 130,
 * which supervisors read as a crash. Handling them here instead runs the drain on the signal's own
 * thread while {@code main} waits for it, and {@code main} then exits 0. {@code sun.misc.Signal}
 * (module {@code jdk.unsupported}) is the JDK's only way to do that; where a signal cannot be handled
 * (the JVM runs with {@code -Xrs}) the shutdown hook still drains, only the exit status differs.
 */
final class TerminationSignals {
    private static final Logger log = LoggerFactory.getLogger(TerminationSignals.class);

    private TerminationSignals() {
    }

    /** Runs {@code shutdown} on SIGTERM or SIGINT instead of the JVM's default exit. */
    static void onTerminate(Runnable shutdown) {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    log.info("SIG{} received, draining", signal.getName());
                    shutdown.run();
                });
            } catch (IllegalArgumentException e) {
                log.warn("cannot handle SIG{} ({}); the shutdown hook will drain instead", name, e.getMessage());
            }
        }
    }
}
