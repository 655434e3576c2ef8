package dev.sluice.gateway.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Raw option values resolved from every layer, in precedence order: defaults &lt; config file &lt;
 * environment ({@code SLUICE_*}) &lt; flags. Each value remembers where it came from so that an error
 * can say which layer to fix.
 */
public final class Settings {
    private final Map<ConfigOption, String> values;
    private final Map<ConfigOption, String> sources;

    private Settings(Map<ConfigOption, String> values, Map<ConfigOption, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    /** Every option at its default. */
    public static Settings defaults() {
        return new Builder().build();
    }

    /** Defaults overridden by the given option values, as if they were flags. */
    public static Settings of(Map<ConfigOption, String> overrides) {
        Builder builder = new Builder();
        overrides.forEach((option, value) -> builder.put(option, value, option.flag()));
        return builder.build();
    }

    /**
     * Resolves every layer.
     *
     * @param configFile a Java properties file whose keys are option keys, or {@code null}
     * @param env the process environment; only {@code SLUICE_*} names of known options are read
     * @param flags values given on the command line
     */
    public static Settings resolve(Path configFile, Map<String, String> env, Map<ConfigOption, String> flags) {
        Builder builder = new Builder();
        if (configFile != null) {
            Properties file = readProperties(configFile);
            for (String key : file.stringPropertyNames()) {
                ConfigOption option = ConfigOption.byKey(key);
                if (option == null) {
                    throw new ConfigException("config file " + configFile + ": unknown option '" + key + "'");
                }
                builder.put(option, file.getProperty(key).trim(), "config file " + configFile);
            }
        }
        for (ConfigOption option : ConfigOption.values()) {
            String value = env.get(option.envName());
            if (value != null) {
                builder.put(option, value.trim(), "environment " + option.envName());
            }
        }
        flags.forEach((option, value) -> builder.put(option, value, option.flag()));
        return builder.build();
    }

    private static Properties readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config: cannot read " + file + ": " + e.getMessage(), e);
        }
        return properties;
    }

    public String string(ConfigOption option) {
        return values.get(option);
    }

    /** Reads an integer option, rejecting values outside {@code [min, max]} with a message naming it. */
    public int intValue(ConfigOption option, int min, int max) {
        long value = longValue(option, min, max);
        return (int) value;
    }

    /** Reads a long option, rejecting values outside {@code [min, max]} with a message naming it. */
    public long longValue(ConfigOption option, long min, long max) {
        String raw = values.get(option);
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw invalid(option, "expected a whole number, got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw invalid(option, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** Reads a {@code true}/{@code false} option (any case), rejecting anything else with a message naming it. */
    public boolean booleanValue(ConfigOption option) {
        String raw = values.get(option);
        if ("true".equalsIgnoreCase(raw)) {
            return true;
        }
        if ("false".equalsIgnoreCase(raw)) {
            return false;
        }
        throw invalid(option, "expected true or false, got '" + raw + "'");
    }

    /** Builds an error naming the option and the layer its value came from. */
    public ConfigException invalid(ConfigOption option, String problem) {
        return new ConfigException(option.flag() + " (from " + sources.get(option) + "): " + problem);
    }

    private static final class Builder {
        private final Map<ConfigOption, String> values = new EnumMap<>(ConfigOption.class);
        private final Map<ConfigOption, String> sources = new EnumMap<>(ConfigOption.class);

        Builder() {
            for (ConfigOption option : ConfigOption.values()) {
                put(option, option.defaultValue(), "default");
            }
        }

        void put(ConfigOption option, String value, String source) {
            values.put(option, value);
            sources.put(option, source);
        }

        Settings build() {
            return new Settings(new EnumMap<>(values), new EnumMap<>(sources));
        }
    }
}
