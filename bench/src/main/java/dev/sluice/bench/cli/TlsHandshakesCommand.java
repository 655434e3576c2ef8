package dev.sluice.bench.cli;

import dev.sluice.bench.edge.ClientTls;
import dev.sluice.bench.edge.EdgeFigures;
import dev.sluice.bench.edge.HandshakeResult;
import dev.sluice.bench.edge.HandshakeRun;
import dev.sluice.bench.edge.TestCertificateFiles;
import dev.sluice.bench.target.TargetKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** The {@code tls-handshakes} scenario (issue 9): full TLS handshakes per second, BoringSSL vs the JDK. */
@Command(name = "tls-handshakes", mixinStandardHelpOptions = true,
        description = "Full TLS handshakes per second into the gateway with BoringSSL vs the JDK's TLS.")
public final class TlsHandshakesCommand implements Callable<Integer> {

    @Option(names = "--providers", split = ",", defaultValue = "openssl,jdk",
            description = "Gateway TLS in round order (openssl, jdk). Default: ${DEFAULT-VALUE}.")
    List<String> providers;

    @Option(names = "--rounds", defaultValue = "1", description = "Rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--lanes", defaultValue = "16", description = "Concurrent handshake loops. Default: ${DEFAULT-VALUE}.")
    int lanes;

    @Option(names = "--duration", defaultValue = "10", description = "Seconds per provider. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--warm-up", defaultValue = "3",
            description = "Seconds of handshakes before the measured ones, not counted. Default: ${DEFAULT-VALUE}.")
    double warmUpSeconds;

    @Option(names = "--source-addresses", defaultValue = "8", description = "Loopback source addresses. Default: ${DEFAULT-VALUE}.")
    int sourceAddresses;

    @Mixin
    SluiceFlagsOption sluiceFlags;

    @Mixin
    TargetOptions targets;

    @Override
    public Integer call() throws Exception {
        String setup = InProcessClientSetup.pinAndDescribe(targets,
                "warm: each provider a fresh gateway, " + warmUpSeconds
                        + " s of handshakes before the measured ones; " + ClientTls.describe());
        Path dir = targets.outputDir("tls-handshakes");
        TestCertificateFiles cert = TestCertificateFiles.create(dir);
        List<String> extra = sluiceFlags.list();
        HandshakeRun run = new HandshakeRun(System.err);
        RoundResults<HandshakeResult> results = new RoundResults<>();
        for (int round = 1; round <= rounds; round++) {
            for (String provider : providers) {
                HandshakeResult result = run.run(provider, targets.spec(TargetKind.SLUICE, dir), cert, lanes, warmUpSeconds,
                        seconds, sourceAddresses, extra, round);
                results.add(provider, result, result.failed());
            }
        }
        return results.report(EdgeFigures.handshakes(results.byLabel()), dir, setup);
    }
}
