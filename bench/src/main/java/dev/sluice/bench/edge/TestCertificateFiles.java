package dev.sluice.bench.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the {@code openssl} command
 * in the run's directory (EC P-256, unencrypted PKCS#8 key, valid two days): the gateway serves it with
 * {@code --tls-cert}/{@code --tls-key}, and the bench's clients trust exactly it.
 *
 * @param cert the PEM certificate
 * @param key  the PEM private key
 */
public record TestCertificateFiles(Path cert, Path key) {

    /** Makes {@code bench-tls.crt} and {@code bench-tls.key} in {@code dir}. */
    public static TestCertificateFiles create(Path dir) throws IOException, InterruptedException {
        Path cert = dir.resolve("bench-tls.crt");
        Path key = dir.resolve("bench-tls.key");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IOException("openssl could not make a test certificate: " + output);
        }
        return new TestCertificateFiles(cert, key);
    }

    /** The gateway flags that serve TLS with this certificate. */
    public List<String> gatewayFlags() {
        return List.of("--tls-cert", cert.toString(), "--tls-key", key.toString());
    }
}
