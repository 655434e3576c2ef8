package dev.sluice.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeOptionsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsArePlainHttpOwnOriginOnlyAndAHundredStreamsPerConnection() {
        EdgeConfig edge = GatewayConfig.defaults().edge();
        assertFalse(edge.tls());
        assertTrue(edge.cors().origins().isEmpty());
        assertFalse(edge.cors().anyOrigin());
        assertEquals(100, edge.h2MaxConcurrentStreams());
    }

    @Test
    void aCertificateNeedsItsKeyAndFilesMustBeReadable() throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        ConfigException noKey = assertThrows(ConfigException.class,
                () -> GatewayConfig.of(Map.of(ConfigOption.TLS_CERT, cert.toString())));
        assertTrue(noKey.getMessage().contains("--tls-key"), noKey.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> GatewayConfig.of(Map.of(
                ConfigOption.TLS_CERT, cert.toString(), ConfigOption.TLS_KEY, dir.resolve("nope.pem").toString())));
        assertTrue(missing.getMessage().startsWith("--tls-key"), missing.getMessage());
    }

    @Test
    void aBadOriginNamesTheOption() {
        ConfigException bad = assertThrows(ConfigException.class,
                () -> GatewayConfig.of(Map.of(ConfigOption.CORS_ORIGINS, "app.example.com")));
        assertTrue(bad.getMessage().startsWith("--cors-origins"), bad.getMessage());
        ConfigException zero = assertThrows(ConfigException.class,
                () -> GatewayConfig.of(Map.of(ConfigOption.H2_MAX_CONCURRENT_STREAMS, "0")));
        assertTrue(zero.getMessage().startsWith("--h2-max-concurrent-streams"), zero.getMessage());
    }
}
