package dev.sluice.bench.edge;

import dev.sluice.bench.target.TargetKind;
import dev.sluice.bench.target.TargetSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The edge scenario's streams end to end against the real gateway jar, started by the bench. */
class EdgeAgainstGatewayTest {

    private static final int STREAMS = 120;

    /** The TLS tests make their certificate with openssl: skip loudly without it, fail under CI. */
    static void requireOpenssl() {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/openssl"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("openssl is required under CI (.ci/run installs it)");
        }
        if (!installed) {
            System.err.println("SKIPPED: /usr/bin/openssl is not installed");
        }
        Assumptions.assumeTrue(installed, "openssl is not installed");
    }

    static EdgeResult run(Path work, EdgeProtocol protocol, ByteArrayOutputStream log) throws Exception {
        if (protocol.tls()) {
            requireOpenssl();
        }
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("gateway/target/sluice-gateway.jar")));
        // Six stages of 150 ms, all 120 streams arriving within 0.3 s: all open at once when the heap is measured.
        EdgeSettings settings = new EdgeSettings(STREAMS, 400, 6, 150, 4, 15_000, 1, 4, true);
        TestCertificateFiles cert = protocol.tls() ? TestCertificateFiles.create(work) : null;
        return new EdgeRun(new PrintStream(log, true)).run(settings, protocol,
                new TargetSpec(TargetKind.SLUICE, root, List.of("-Xmx256m"), null, work), cert, List.of(), 1);
    }

    static void assertAllComplete(EdgeResult result, ByteArrayOutputStream log) {
        assertEquals(STREAMS, result.launched(), log::toString);
        assertEquals(0, result.failed(), () -> result.failureDetails() + "\n" + log);
        assertEquals(STREAMS, result.completed());
        assertEquals(STREAMS, result.firstEvent().getTotalCount());
        assertTrue(result.streamTime().getMinValue() >= 900_000, "six stages of 150 ms take 0.9 s at least");
        assertTrue(result.cpuSeconds() > 0 && result.rssPeakBytes() > 0);
        assertTrue(result.heapLoadedBytes() > 0 && result.heapIdleBytes() > 0 && result.openAtProbe() > 0,
                result::toString);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void clearTextHttp1StreamsAllComplete(@TempDir Path work) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EdgeResult result = run(work, EdgeProtocol.H1C, log);
        assertAllComplete(result, log);
        assertEquals(STREAMS, result.connections());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void http2StreamsOverTlsShareFourConnections(@TempDir Path work) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EdgeResult result = run(work, EdgeProtocol.H2, log);
        assertAllComplete(result, log);
        assertEquals(4, result.connections());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void http1StreamsOverTlsAllComplete(@TempDir Path work) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertAllComplete(run(work, EdgeProtocol.H1, log), log);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void handshakesAreCountedWithTheProviderTheGatewayReports(@TempDir Path work) throws Exception {
        requireOpenssl();
        Path root = Path.of("").toAbsolutePath().getParent();
        TestCertificateFiles cert = TestCertificateFiles.create(work);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TargetSpec gateway = new TargetSpec(TargetKind.SLUICE, root, List.of("-Xmx256m"), null, work);
        HandshakeResult jdk = new HandshakeRun(new PrintStream(log, true)).run("jdk", gateway, cert, 2, 0, 1, 2,
                List.of(), 1);
        assertEquals(0, jdk.failed(), jdk::firstFailure);
        assertTrue(jdk.handshakes() > 0, log::toString);
        assertTrue(jdk.reported().startsWith("the JDK's TLS"), jdk.reported());
        assertEquals(jdk.handshakes(), jdk.latency().getTotalCount());
    }
}
