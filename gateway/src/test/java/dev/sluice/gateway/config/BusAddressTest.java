package dev.sluice.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --bus} URLs: defaults, database, credentials, TLS, and clear errors. */
class BusAddressTest {

    @Test
    void parsesTheFormsAnOperatorWrites() {
        assertEquals(new BusAddress(false, "redis.internal", 6379, 0, null, null),
                BusAddress.parse("redis://redis.internal"));
        assertEquals(new BusAddress(false, "127.0.0.1", 7000, 2, null, null),
                BusAddress.parse("redis://127.0.0.1:7000/2"));
        assertEquals(new BusAddress(true, "r", 6380, 0, "gw", "p@ss:word"),
                BusAddress.parse("rediss://gw:p%40ss:word@r:6380"));
        assertEquals(new BusAddress(false, "r", 6379, 0, null, "secret"), BusAddress.parse("redis://:secret@r"));
    }

    @Test
    void neverPrintsThePassword() {
        assertEquals("rediss://gw:***@r:6380/1", BusAddress.parse("rediss://gw:hunter2@r:6380/1").toString());
    }

    @Test
    void badUrlsStopTheStartNamingTheOption() {
        ConfigException http = assertThrows(ConfigException.class,
                () -> GatewayConfig.of(Map.of(ConfigOption.BUS, "http://r:6379")));
        assertEquals("--bus (from --bus): expected redis://host:port[/db] or rediss://..., got scheme 'http'",
                http.getMessage());
        assertThrows(ConfigException.class, () -> GatewayConfig.of(Map.of(ConfigOption.BUS, "redis://r/x")));
        assertThrows(ConfigException.class, () -> GatewayConfig.of(Map.of(ConfigOption.BUS, "redis:///0")));
    }
}
