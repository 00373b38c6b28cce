/**
 * Start-up and wiring. {@link io.nspsconnector.Main} reads the configuration, runs a sub-command or starts the
 * server and turns an invalid configuration into exit code 2; {@link io.nspsconnector.Connector} builds every part
 * from a {@link io.nspsconnector.config.ConnectorConfig} and puts routing, observability and the inbound limits on
 * the server builder, so that the tests start exactly what production starts.
 * <p>
 * May depend on every package; nothing but {@code cli} depends on it.
 */
package io.nspsconnector;
