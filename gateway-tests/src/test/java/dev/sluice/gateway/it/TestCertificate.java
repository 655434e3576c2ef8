package dev.sluice.gateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1} made in the test by the
 * {@code openssl} command (EC P-256, PKCS#8 key, valid two days), so no key material lives in the
 * repository.
 */
final class TestCertificate {
    private final Path cert;
    private final Path key;

    private TestCertificate(Path cert, Path key) {
        this.cert = cert;
        this.key = key;
    }

    /** Makes {@code <name>.crt} and {@code <name>.key} in {@code dir}; skips (or under CI fails) without openssl. */
    static TestCertificate create(Path dir, String name) throws IOException, InterruptedException {
        Path openssl = RequiredBinary.require("/usr/bin/openssl", "openssl");
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Process process = new ProcessBuilder(openssl.toString(), "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=" + name, "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("openssl failed: " + output);
        }
        return new TestCertificate(cert, key);
    }

    Path cert() {
        return cert;
    }

    Path key() {
        return key;
    }

    /** The certificate as Java sees it, to compare with what a server presented. */
    X509Certificate x509() throws IOException {
        try (InputStream in = Files.newInputStream(cert)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException(e);
        }
    }

    /** Puts this pair in place of {@code target}'s files by renaming, as certificate tools do. */
    void replace(TestCertificate target) throws IOException {
        Files.move(key, target.key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(cert, target.cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
