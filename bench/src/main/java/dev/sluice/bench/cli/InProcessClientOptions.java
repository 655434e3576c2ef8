package dev.sluice.bench.cli;

import picocli.CommandLine.Option;

/**
 * The client options of the scenarios whose clients run inside the bench's own JVM (see
 * {@link InProcessClientSetup}).
 */
public final class InProcessClientOptions {

    @Option(names = "--client-threads", defaultValue = "1", description = "Client event loop threads. Default: ${DEFAULT-VALUE}.")
    int clientThreads;

    @Option(names = "--source-addresses", defaultValue = "8", description = "Loopback source addresses. Default: ${DEFAULT-VALUE}.")
    int sourceAddresses;
}
