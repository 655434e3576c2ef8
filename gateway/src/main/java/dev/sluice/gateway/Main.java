package dev.sluice.gateway;

import dev.sluice.gateway.config.ConfigException;
import dev.sluice.gateway.config.ConfigOption;
import dev.sluice.gateway.config.GatewayConfig;
import dev.sluice.gateway.config.Settings;
import dev.sluice.gateway.server.GatewayServer;
import dev.sluice.gateway.server.GatewayStartException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Command-line entry point: reads the configuration from every layer, starts the gateway and serves
 * until the process is stopped.
 */
public final class Main {
    private static final String CONFIG_FLAG = "--config";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int status = run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(status);
    }

    /**
     * Parses {@code args}; on {@code --help} prints usage and returns 0, on a bad option prints the
     * problem and returns 2, when the gateway cannot start (its port is taken) prints one line and
     * returns 1, otherwise serves until the gateway has shut down (SIGTERM or SIGINT drain
     * it gracefully) and returns 0.
     */
    static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        CommandSpec spec = commandSpec();
        CommandLine commandLine = new CommandLine(spec);
        GatewayConfig config;
        try {
            ParseResult parsed = commandLine.parseArgs(args);
            if (parsed.isUsageHelpRequested()) {
                commandLine.usage(out);
                return 0;
            }
            config = GatewayConfig.from(settings(parsed, env));
        } catch (ParameterException | ConfigException e) {
            err.println("sluice: " + e.getMessage());
            err.println("Run with --help for the options.");
            return 2;
        }
        GatewayServer server;
        try {
            server = GatewayServer.start(config);
        } catch (ConfigException e) {
            err.println("sluice: " + e.getMessage());
            return 2;
        } catch (GatewayStartException e) {
            // One line for the operator; the start already shut down whatever it had started.
            err.println("sluice: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("sluice: cannot start: " + e);
            return 1;
        }
        TerminationSignals.onTerminate(server::close);
        // Any other way out of the JVM (System.exit elsewhere, SIGHUP) still drains the streams.
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sluice-shutdown"));
        String scheme = config.edge().tls() ? "https://" : "http://";
        String base = scheme + displayHost(config.host()) + ":" + server.port() + "/";
        out.println("Sluice listening on " + base);
        out.println("Demo page: " + base + " (live status: " + base + "status)");
        server.awaitClosed();
        return 0;
    }

    private static String displayHost(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
    }

    private static Settings settings(ParseResult parsed, Map<String, String> env) {
        Map<ConfigOption, String> flags = new EnumMap<>(ConfigOption.class);
        for (ConfigOption option : ConfigOption.values()) {
            if (parsed.hasMatchedOption(option.flag())) {
                flags.put(option, option.repeatable()
                        ? String.join(",", parsed.matchedOptionValue(option.flag(), new String[0]))
                        : parsed.matchedOptionValue(option.flag(), ""));
            }
        }
        String configFile = parsed.matchedOptionValue(CONFIG_FLAG, null);
        return Settings.resolve(configFile == null ? null : Path.of(configFile), env, flags);
    }

    /** One flag per {@link ConfigOption}, so {@code --help} always lists every option with its default. */
    static CommandSpec commandSpec() {
        CommandSpec spec = CommandSpec.create();
        spec.name("sluice");
        spec.usageMessage()
                .description("Sluice: a Server-Sent Events gateway on Netty.",
                        "Settings come from defaults < --config file < SLUICE_* environment < flags.")
                .sortOptions(false);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.")
                .build());
        spec.addOption(OptionSpec.builder(CONFIG_FLAG).paramLabel("FILE").type(String.class)
                .description("Java properties file with option keys (e.g. stage-delay-ms=50).").build());
        for (ConfigOption option : ConfigOption.values()) {
            spec.addOption(OptionSpec.builder(option.flag())
                    .paramLabel("VALUE")
                    .type(option.repeatable() ? String[].class : String.class)
                    .arity("1")
                    .description(option.description()
                            + " Default: " + (option.defaultValue().isEmpty() ? "(none)" : option.defaultValue())
                            + "; env " + option.envName() + ".")
                    .build());
        }
        return spec;
    }
}
