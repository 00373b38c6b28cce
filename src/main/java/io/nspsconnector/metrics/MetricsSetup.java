package io.nspsconnector.metrics;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.ScopeConfig;
import io.helidon.metrics.api.SystemTagsManager;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * What {@code /metrics} exports, decided in one place:
 * <ul>
 *     <li>no {@code scope} label: Helidon's scoping tag is switched off, the connector's series carry only their own
 *     labels;</li>
 *     <li>Helidon's vendor meters ({@code requests_count_total}, ...) only when {@code connector.metrics.vendor-meters}
 *     is true;</li>
 *     <li>the JVM (memory pools, GC pauses, threads, classes, CPU, uptime) through Micrometer's binders, and the
 *     process's resident memory next to the memory it may use (the container's limit), for the memory alert.</li>
 * </ul>
 * Histogram timers get no client-side percentiles ({@link ConnectorMetrics}): a family is a histogram only.
 */
public final class MetricsSetup {

    private static final String SCOPE_TAG = "scope";
    /** One registry per settings for the process (tests create many connectors). */
    private static final Map<Settings, MetricsSetup> SETUPS = new HashMap<>();

    private final MetricsConfig config;
    private final MeterRegistry registry;

    private MetricsSetup(MetricsConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /**
     * The settings under {@code connector.metrics}.
     *
     * @param vendorMeters export Helidon's own vendor meters (off by default)
     */
    public record Settings(boolean vendorMeters) {
        /** Defaults: no vendor meters. */
        public static final Settings DEFAULT = new Settings(false);

        /**
         * Reads {@code connector.metrics}.
         *
         * @param root the whole configuration tree
         * @return the settings
         */
        public static Settings from(Config root) {
            return new Settings(root.get("connector.metrics.vendor-meters").asBoolean().orElse(false));
        }
    }

    /**
     * Configures Helidon's metrics for the connector and returns the registry to record into.
     *
     * @param settings what to export
     * @return the set-up
     */
    public static synchronized MetricsSetup create(Settings settings) {
        return SETUPS.computeIfAbsent(settings, MetricsSetup::configure);
    }

    @SuppressWarnings("removal")
    private static MetricsSetup configure(Settings settings) {
        MetricsConfig config = MetricsConfig.builder()
                // no scope label: the series carry only the labels docs/observability.md lists
                .scoping(s -> s.clearTagName()
                        .putScope(Meter.Scope.VENDOR, ScopeConfig.builder()
                                .name(Meter.Scope.VENDOR)
                                .enabled(settings.vendorMeters())
                                .build()))
                .warnOnMultipleRegistries(false)
                .build();
        // Helidon adds the scope tag through this process-wide manager when a meter is registered; the factory
        // sets it up from the default configuration when first used, so it is asked for first
        MetricsFactory factory = MetricsFactory.getInstance();
        SystemTagsManager.instance(config);
        // the global registry from now on: code asking Metrics.globalRegistry() records into the same one
        MeterRegistry registry = factory.globalRegistry(config);
        io.micrometer.core.instrument.MeterRegistry micrometer =
                registry.unwrap(io.micrometer.core.instrument.MeterRegistry.class);
        micrometer.config()
                .meterFilter(MeterFilter.ignoreTags(SCOPE_TAG))
                // two binder meters whose Prometheus names break the naming rules (promtool check metrics)
                .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                        || id.getName().equals("system.cpu.count")));
        bindJvmMeters(micrometer);
        return new MetricsSetup(config, registry);
    }

    /** The registry the connector's meters go to. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The {@code /metrics} endpoint over this registry. */
    public MetricsObserver observer() {
        return MetricsObserver.builder()
                .metricsConfig(config)
                .meterRegistry(registry)
                .build();
    }

    static void bindJvmMeters(io.micrometer.core.instrument.MeterRegistry micrometer) {
        new JvmMemoryMetrics().bindTo(micrometer);
        // GC meters registered here, once, not through Micrometer's JvmGcMetrics, which registers from the GC
        // notification thread in the opposite lock order to Helidon's registry (docs/rationale.md, "Logs and metrics")
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            FunctionCounter.builder("jvm.gc.collections", gc, GarbageCollectorMXBean::getCollectionCount)
                    .description("Collections by this collector since the JVM started")
                    .tag("gc", gc.getName())
                    .register(micrometer);
            FunctionCounter.builder("jvm.gc.collection.seconds", gc, b -> b.getCollectionTime() / 1000.0)
                    .description("Time this collector spent collecting since the JVM started (pauses and, for "
                                         + "concurrent collectors, concurrent cycles)")
                    .tag("gc", gc.getName())
                    .register(micrometer);
        }
        new JvmThreadMetrics().bindTo(micrometer);
        new ClassLoaderMetrics().bindTo(micrometer);
        new ProcessorMetrics().bindTo(micrometer);
        new UptimeMetrics().bindTo(micrometer);
        io.micrometer.core.instrument.Gauge.builder("process.resident.memory", MetricsSetup::residentBytes)
                .description("Resident memory of the process (what counts against a container's memory limit)")
                .baseUnit("bytes")
                .register(micrometer);
        io.micrometer.core.instrument.Gauge.builder("process.memory.limit", MetricsSetup::memoryLimitBytes)
                .description("Memory the process may use: the container's memory limit, else the machine's memory")
                .baseUnit("bytes")
                .register(micrometer);
    }

    /** VmRSS of {@code /proc/self/status} in bytes; NaN where there is no such file. */
    static double residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim();
                    int space = kb.indexOf(' ');
                    return Long.parseLong(space < 0 ? kb : kb.substring(0, space)) * 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** The JDK reports the container's limit here when there is one (cgroups v1 and v2). */
    static double memoryLimitBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Double.NaN;
    }
}
