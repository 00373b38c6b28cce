package io.nspsconnector.metrics;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * The JVM meters are all registered when the registry is set up, none later from the JVM's GC notification thread:
 * a meter registered there takes Micrometer's lock before Helidon's, the reverse of a meter registered through
 * Helidon, and the two threads deadlocked.
 */
class MetricsSetupTest {

    @Test
    void gcMetersAreRegisteredOnceAtSetUpOnePerCollector() {
        io.micrometer.core.instrument.MeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        MetricsSetup.bindJvmMeters(registry);
        java.util.Set<String> collectors = new java.util.TreeSet<>();
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.add(gc.getName());
        }

        assertThat("no meter that registers itself on the first GC notification",
                   registry.find("jvm.gc.pause").meters(), is(empty()));
        assertThat(tags(registry, "jvm.gc.collections"), is(collectors));
        assertThat(tags(registry, "jvm.gc.collection.seconds"), is(collectors));
    }

    private static java.util.Set<String> tags(io.micrometer.core.instrument.MeterRegistry registry, String name) {
        java.util.Set<String> tags = new java.util.TreeSet<>();
        registry.find(name).functionCounters().forEach(c -> tags.add(c.getId().getTag("gc")));
        return tags;
    }
}
