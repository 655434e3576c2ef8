package dev.sluice.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    private Path configFile(String content) throws IOException {
        Path file = dir.resolve("sluice.properties");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void eachLayerOverridesTheOneBelow() throws IOException {
        Path file = configFile("port=1001\nhost=10.0.0.1\nstage-delay-ms=50\nretry-ms=111\n");
        Map<String, String> env = Map.of(
                "SLUICE_PORT", "2002",
                "SLUICE_HOST", "10.0.0.2",
                "SLUICE_IO_THREADS", "3",
                "UNRELATED", "ignored");
        Map<ConfigOption, String> flags = Map.of(ConfigOption.PORT, "3003", ConfigOption.MAX_BODY_BYTES, "4096");

        Settings settings = Settings.resolve(file, env, flags);

        assertEquals("3003", settings.string(ConfigOption.PORT), "flag beats env and file");
        assertEquals("10.0.0.2", settings.string(ConfigOption.HOST), "env beats file");
        assertEquals("3", settings.string(ConfigOption.IO_THREADS), "env beats default");
        assertEquals("50", settings.string(ConfigOption.STAGE_DELAY_MS), "file beats default");
        assertEquals("111", settings.string(ConfigOption.RETRY_MS), "file beats default");
        assertEquals("4096", settings.string(ConfigOption.MAX_BODY_BYTES), "flag beats default");
        assertEquals(ConfigOption.TRANSPORT.defaultValue(), settings.string(ConfigOption.TRANSPORT), "default");

        GatewayConfig config = GatewayConfig.from(settings);
        assertEquals(3003, config.port());
        assertEquals("10.0.0.2", config.host());
        assertEquals(3, config.ioThreads());
        assertEquals(111, config.retryMs());
        assertEquals(4096, config.limits().maxBodyBytes());
        assertEquals(6, config.plan().size());
        config.plan().stages().forEach(stage -> assertEquals(50, stage.delayMs()));
    }

    @Test
    void withNoLayersEveryOptionIsItsDefault() {
        Settings settings = Settings.resolve(null, Map.of(), Map.of());
        for (ConfigOption option : ConfigOption.values()) {
            assertEquals(option.defaultValue(), settings.string(option), option.key());
        }
        GatewayConfig config = GatewayConfig.from(settings);
        assertEquals(8080, config.port());
        assertEquals("0.0.0.0", config.host());
        assertEquals(TransportKind.AUTO, config.transport());
        assertEquals(2000, config.retryMs());
        assertEquals(new HttpLimits(4096, 8192, 65536, 4000), config.limits());
        config.plan().stages().forEach(stage -> assertEquals(150, stage.delayMs()));
    }

    @Test
    void environmentNamesFollowTheKeys() {
        assertEquals("SLUICE_STAGE_DELAY_MS", ConfigOption.STAGE_DELAY_MS.envName());
        assertEquals("--stage-delay-ms", ConfigOption.STAGE_DELAY_MS.flag());
        assertEquals(ConfigOption.MAX_BODY_BYTES, ConfigOption.byKey("max-body-bytes"));
        assertEquals(null, ConfigOption.byKey("nope"));
        Settings settings = Settings.resolve(null, Map.of("SLUICE_STAGE_DELAY_MS", " 75 "), Map.of());
        assertEquals(75, GatewayConfig.from(settings).plan().stage(0).delayMs(), "env values are trimmed");
    }

    @Test
    void aBadValueNamesTheOptionAndTheLayerItCameFrom() throws IOException {
        ConfigException fromFlag = assertThrows(ConfigException.class,
                () -> GatewayConfig.of(Map.of(ConfigOption.PORT, "eighty")));
        assertTrue(fromFlag.getMessage().contains("--port"), fromFlag.getMessage());
        assertTrue(fromFlag.getMessage().contains("eighty"), fromFlag.getMessage());

        ConfigException fromEnv = assertThrows(ConfigException.class, () -> GatewayConfig.from(
                Settings.resolve(null, Map.of("SLUICE_STAGE_DELAY_MS", "-5"), Map.of())));
        assertTrue(fromEnv.getMessage().contains("--stage-delay-ms"), fromEnv.getMessage());
        assertTrue(fromEnv.getMessage().contains("SLUICE_STAGE_DELAY_MS"), fromEnv.getMessage());

        Path file = configFile("max-body-bytes=99999999999\n");
        ConfigException fromFile = assertThrows(ConfigException.class,
                () -> GatewayConfig.from(Settings.resolve(file, Map.of(), Map.of())));
        assertTrue(fromFile.getMessage().contains("--max-body-bytes"), fromFile.getMessage());
        assertTrue(fromFile.getMessage().contains("config file"), fromFile.getMessage());
    }

    @Test
    void outOfRangeTransportHostAndStagesAreRejectedByName() {
        assertMessageNames("--port", Map.of(ConfigOption.PORT, "65536"));
        assertMessageNames("--transport", Map.of(ConfigOption.TRANSPORT, "kqueue"));
        assertMessageNames("--host", Map.of(ConfigOption.HOST, " "));
        assertMessageNames("--stages", Map.of(ConfigOption.STAGES, "a:10,a:20"));
        assertMessageNames("--stages", Map.of(ConfigOption.STAGES, "a:101"));
        assertMessageNames("--max-message-chars", Map.of(ConfigOption.MAX_MESSAGE_CHARS, "0"));
        assertEquals(TransportKind.NIO, GatewayConfig.of(Map.of(ConfigOption.TRANSPORT, "NIO")).transport());
    }

    private static void assertMessageNames(String flag, Map<ConfigOption, String> overrides) {
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.of(overrides));
        assertTrue(e.getMessage().startsWith(flag + " "), e.getMessage());
    }

    @Test
    void unknownKeyOrMissingFileInTheConfigFileIsReported() throws IOException {
        Path file = configFile("stage-delay=50\n");
        ConfigException unknown = assertThrows(ConfigException.class, () -> Settings.resolve(file, Map.of(), Map.of()));
        assertTrue(unknown.getMessage().contains("stage-delay"), unknown.getMessage());

        Path missing = dir.resolve("missing.properties");
        ConfigException absent = assertThrows(ConfigException.class,
                () -> Settings.resolve(missing, Map.of(), Map.of()));
        assertTrue(absent.getMessage().contains("--config"), absent.getMessage());
        assertTrue(absent.getMessage().contains("missing.properties"), absent.getMessage());
    }

    @Test
    void stagesOptionReplacesTheDefaultPlan() {
        GatewayConfig config = GatewayConfig.of(Map.of(ConfigOption.STAGES, "think:50:20,done:100",
                ConfigOption.STAGE_DELAY_MS, "70"));
        assertEquals(2, config.plan().size());
        assertEquals(20, config.plan().stage(0).delayMs());
        assertEquals(70, config.plan().stage(1).delayMs(), "a stage without a delay takes --stage-delay-ms");
    }
}
