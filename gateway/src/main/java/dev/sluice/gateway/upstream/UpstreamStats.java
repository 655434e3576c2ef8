package dev.sluice.gateway.upstream;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Per-route sidecar metrics: upstream time to first byte, relayed events, errors by code, each
 * labelled with the route's path. The label sets are fixed at start (one per configured route and
 * error code), and each route keeps its data points, so recording on the hot path is a lock-free
 * add with no lookup and no allocation.
 *
 * <ul>
 *   <li>{@code sluice_upstream_requests_total{route}} — requests forwarded</li>
 *   <li>{@code sluice_upstream_first_byte_seconds{route}} — request written to response head</li>
 *   <li>{@code sluice_upstream_events_relayed_total{route}} — events written to clients</li>
 *   <li>{@code sluice_upstream_errors_total{route,code}} — failed relays by {@link UpstreamError}</li>
 *   <li>{@code sluice_upstream_holds_total{route}} — answers that held the client on a channel (SPEC 10)</li>
 * </ul>
 */
public final class UpstreamStats {
    private final Counter requests = Counter.builder().name("sluice_upstream_requests_total")
            .help("Requests forwarded to an upstream, by route").labelNames("route").withoutExemplars().build();
    private final Histogram firstByte = Histogram.builder().name("sluice_upstream_first_byte_seconds")
            .help("Upstream time from request written to response head, by route").labelNames("route")
            .classicOnly()
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
            .withoutExemplars()
            .build();
    private final Counter events = Counter.builder().name("sluice_upstream_events_relayed_total")
            .help("Events relayed from upstreams to clients, by route").labelNames("route").withoutExemplars().build();
    private final Counter errors = Counter.builder().name("sluice_upstream_errors_total")
            .help("Relayed streams that ended in an error event, by route and code").labelNames("route", "code")
            .withoutExemplars()
            .build();

    private final Counter holds = Counter.builder().name("sluice_upstream_holds_total")
            .help("Upstream answers that held the client on a channel (Sluice-Hold or Grip-Hold), by route")
            .labelNames("route").withoutExemplars().build();

    /** Adds these metrics to {@code registry} (the one {@code /metrics} serves). */
    public void register(PrometheusRegistry registry) {
        registry.register(requests);
        registry.register(firstByte);
        registry.register(events);
        registry.register(errors);
        registry.register(holds);
    }

    /** The data points of one route, created once at start. */
    public Route route(String path) {
        return new Route(path);
    }

    /** One route's data points. Thread-safe; used from every event loop. */
    public final class Route {
        private final CounterDataPoint requestCount;
        private final DistributionDataPoint firstByteSeconds;
        private final CounterDataPoint eventCount;
        private final CounterDataPoint holdCount;
        private final Map<UpstreamError, CounterDataPoint> errorCount = new EnumMap<>(UpstreamError.class);

        private Route(String path) {
            requestCount = requests.labelValues(path);
            firstByteSeconds = firstByte.labelValues(path);
            eventCount = events.labelValues(path);
            holdCount = holds.labelValues(path);
            for (UpstreamError error : UpstreamError.values()) {
                errorCount.put(error, errors.labelValues(path, error.code()));
            }
        }

        void requestForwarded() {
            requestCount.inc();
        }

        void firstByte(long nanos) {
            firstByteSeconds.observe(nanos / 1e9);
        }

        void eventRelayed() {
            eventCount.inc();
        }

        void held() {
            holdCount.inc();
        }

        void failed(UpstreamError error) {
            errorCount.get(error).inc();
        }

        public long requests() {
            return (long) requestCount.get();
        }

        public long eventsRelayed() {
            return (long) eventCount.get();
        }

        public long holds() {
            return (long) holdCount.get();
        }

        public long errors(UpstreamError error) {
            return (long) errorCount.get(error).get();
        }
    }
}
