package dev.sluice.gateway.metrics;

import dev.sluice.gateway.channel.ChannelHub;
import dev.sluice.gateway.channel.ChannelStats;
import dev.sluice.gateway.stage.StageJobs;
import dev.sluice.gateway.stage.StageObserver;
import dev.sluice.gateway.stage.StagePlan;
import dev.sluice.gateway.stream.StreamHandle;
import dev.sluice.gateway.stream.StreamListener;
import dev.sluice.gateway.stream.StreamOutcome;
import dev.sluice.gateway.stream.StreamRegistry;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The gateway's Prometheus metrics (SPEC section 6), in a registry of its own.
 *
 * <p><b>Nothing on the hot path allocates or contends.</b> Counts the gateway keeps anyway (streams
 * open, started, ended by outcome; events and bytes sent; connections) stay in their
 * {@code LongAdder}s and are exposed through callback metrics that sum them at scrape time, so an
 * event costs no extra write for metrics. The two histograms are the client's classic histograms
 * without exemplars, whose {@code observe} is a bucket search plus striped adders; the per-stage data
 * points are resolved once per plan stage here, so observing a stage is an array index, never a
 * label lookup.
 *
 * <p>JVM figures: heap and other memory areas ({@code jvm_memory_*}), direct and mapped buffer pools
 * (Netty's direct memory), GC, and process CPU, memory and file descriptors
 * ({@code process_cpu_seconds_total}, {@code process_open_fds}). A scrape runs on an event loop, so
 * collectors that stop the JVM are left out: thread metrics (their thread dump and deadlock search are
 * safepoint operations that pause every event loop) and per-pool allocation metrics (which also hang
 * a listener on every collector for the life of the JVM).
 */
public final class GatewayMetrics implements StreamListener, StageObserver {
    /** Time to first event is design-bound to well under a millisecond; the top buckets catch stalls. */
    private static final double[] FIRST_EVENT_BOUNDS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
    /** Stages are planned in tens to hundreds of milliseconds; sidecar upstreams may take seconds. */
    private static final double[] STAGE_BOUNDS = {
        0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5, 5, 10, 30};
    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram timeToFirstEvent;
    private final DistributionDataPoint[] stageDurations;

    /**
     * Registers every series; the stream and connection counts are read from {@code streams} and
     * {@code connections} at each scrape.
     *
     * @param plan the stages whose durations get a labelled series each
     */
    public GatewayMetrics(StagePlan plan, OpenConnections connections) {
        timeToFirstEvent = Histogram.builder()
                .name("sluice_time_to_first_event_seconds")
                .help("Time from a stream being accepted to its first event handed to the connection")
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(FIRST_EVENT_BOUNDS)
                .withoutExemplars()
                .register(registry);
        Histogram stages = Histogram.builder()
                .name("sluice_stage_duration_seconds")
                .help("Time each stage of a stream took, from its event to the stream's next event")
                .unit(Unit.SECONDS)
                .labelNames("stage")
                .classicOnly()
                .classicUpperBounds(STAGE_BOUNDS)
                .withoutExemplars()
                .register(registry);
        stageDurations = new DistributionDataPoint[plan.size()];
        for (int i = 0; i < plan.size(); i++) {
            stageDurations[i] = stages.labelValues(plan.stage(i).id());
        }
        GaugeWithCallback.builder()
                .name("sluice_connections_open")
                .help("Client connections open now")
                .callback(callback -> callback.call(connections.openConnections()))
                .register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    /** Exposes the stream counts kept by {@code streams}; call once, when the registry exists. */
    public void countStreams(StreamRegistry streams) {
        GaugeWithCallback.builder()
                .name("sluice_streams_open")
                .help("Streams open now")
                .callback(callback -> callback.call(streams.openStreams()))
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_streams_started_total")
                .help("Streams requested since start, refused ones included")
                .callback(callback -> callback.call(streams.startedStreams()))
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_streams_ended_total")
                .help("Streams ended since start, by how they ended")
                .labelNames("outcome")
                .callback(callback -> {
                    for (StreamOutcome outcome : StreamOutcome.values()) {
                        callback.call(streams.endedStreams(outcome), outcome.label());
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_events_sent_total")
                .help("Events handed to clients since start")
                .callback(callback -> callback.call(streams.eventsSent()))
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_bytes_sent_total")
                .help("Bytes of events handed to clients since start (SSE framing included, HTTP chunking not)")
                .callback(callback -> callback.call(streams.bytesSent()))
                .register(registry);
    }

    /** Exposes the stage jobs' counts (SPEC section 8); call once, when the jobs exist. */
    public void countJobs(StageJobs jobs) {
        GaugeWithCallback.builder()
                .name("sluice_stage_jobs_kept")
                .help("Stage jobs kept now: running, or finished or abandoned and waiting out the resume window")
                .callback(callback -> callback.call(jobs.kept()))
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_stage_jobs_started_total")
                .help("Stage jobs started since start (a resumed stream starts none)")
                .callback(callback -> callback.call(jobs.started()))
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_streams_resumed_total")
                .help("Reconnects with Last-Event-ID that found their job and continued it")
                .callback(callback -> callback.call(jobs.resumedStreams()))
                .register(registry);
    }

    /** Exposes the channel counts of SPEC section 9; call once, when the hub exists. */
    public void countChannels(ChannelHub channels) {
        ChannelStats stats = channels.stats();
        GaugeWithCallback.builder()
                .name("sluice_channels_open")
                .help("Channels open on this node now")
                .callback(callback -> callback.call(channels.channels()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("sluice_channel_subscribers")
                .help("Channel subscribers connected to this node now")
                .callback(callback -> callback.call(stats.subscribers()))
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_channel_events_published_total")
                .help("Channel events published since start (as this node received them from the bus)")
                .callback(callback -> callback.call(stats.publishedEvents()))
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_channel_events_delivered_total")
                .help("Channel events handed to subscribers' connections since start (one per event per subscriber)")
                .callback(callback -> callback.call(stats.deliveredEvents()))
                .register(registry);
        CounterWithCallback.builder()
                .name("sluice_channel_subscribers_dropped_total")
                .help("Channel subscribers dropped as slow clients since start")
                .callback(callback -> callback.call(stats.droppedSubscribers()))
                .register(registry);
    }

    @Override
    public void firstEventSent(StreamHandle stream, long nanosSinceOpen) {
        timeToFirstEvent.observe(nanosSinceOpen / NANOS_PER_SECOND);
    }

    @Override
    public void stageFinished(int stageIndex, long nanos) {
        stageDurations[stageIndex].observe(nanos / NANOS_PER_SECOND);
    }

    public PrometheusRegistry registry() {
        return registry;
    }
}
