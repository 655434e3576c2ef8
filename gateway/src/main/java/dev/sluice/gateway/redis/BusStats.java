package dev.sluice.gateway.redis;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.BooleanSupplier;

/**
 * The bus's series on {@code /metrics}: whether it is connected, how often it had to reconnect, and
 * how long a publish waits for Redis and an event takes from its publish (on any node) to this node.
 */
final class BusStats {
    private static final double[] LAG_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10, 30};

    final Counter reconnects = Counter.builder().name("sluice_bus_reconnects_total")
            .help("Times a connection to the bus came back after it was lost").build();
    final Counter publishFailures = Counter.builder().name("sluice_bus_publish_failures_total")
            .help("Publishes refused because the bus could not take them (answered 503)").build();
    final Histogram publishLag = Histogram.builder().name("sluice_bus_publish_lag_seconds")
            .help("Time from a publish reaching the bus to Redis having stored it")
            .unit(Unit.SECONDS).classicOnly().classicUpperBounds(LAG_BOUNDS).withoutExemplars().build();
    final Histogram deliveryLag = Histogram.builder().name("sluice_bus_delivery_lag_seconds")
            .help("Time from an event's publish (on any node, by that node's clock) to its arrival on this node")
            .unit(Unit.SECONDS).classicOnly().classicUpperBounds(LAG_BOUNDS).withoutExemplars().build();

    void register(PrometheusRegistry registry, BooleanSupplier connected) {
        GaugeWithCallback.builder().name("sluice_bus_connected")
                .help("1 while both connections to the bus (commands and notifications) are up, else 0")
                .callback(callback -> callback.call(connected.getAsBoolean() ? 1 : 0))
                .register(registry);
        registry.register(reconnects);
        registry.register(publishFailures);
        registry.register(publishLag);
        registry.register(deliveryLag);
    }
}
