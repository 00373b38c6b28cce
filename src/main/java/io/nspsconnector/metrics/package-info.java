/**
 * What {@code /metrics} exports: the connector's own meters ({@link io.nspsconnector.metrics.ConnectorMetrics}) and
 * the registry, JVM meters and Helidon's vendor meters ({@link io.nspsconnector.metrics.MetricsSetup}, which reads
 * its one key, {@code connector.metrics.vendor-meters}, before the registry exists).
 * <p>
 * Depends on no other package of the project.
 */
package io.nspsconnector.metrics;
