/**
 * Reading and checking the connector's configuration: {@code application.yaml} with the reference connector's
 * environment variables on top ({@link io.nspsconnector.config.ConnectorConfig}), {@code mappings.yaml}
 * ({@link io.nspsconnector.config.MappingsLoader}), token files ({@link io.nspsconnector.config.Secrets}) and the
 * live reload of mounted files ({@link io.nspsconnector.config.ConfigWatcher}, {@link io.nspsconnector.config.LiveFile}).
 * <p>
 * <b>Strict.</b> Every typed value goes through {@link io.nspsconnector.config.SettingsReader}, whose getters never
 * throw: a value of the wrong type, out of range, or a boolean other than {@code true}/{@code false} becomes a
 * {@link io.nspsconnector.config.Problem} under its full key, and one pass lists them all. A key that nothing reads
 * (a typo such as {@code connector.wtl.retyr}, or a top-level {@code imsi-filtr} in the mappings) is an error too,
 * with the closest known key as a hint. Not checked key by key: {@code connector.wtl.client} (handed to Helidon's
 * WebClient as it is), Helidon's own webserver keys under {@code server} (of those only {@code server.port} is the
 * connector's, and the limits the documentation sizes are range-checked), and keys that environment variables add
 * through Helidon's mapping.
 * <p>
 * <b>Severity, not text.</b> A problem is an {@code ERROR} (the service exits 2 at start, {@code validate-config}
 * exits 1), or a {@code NOTE}: a setting the pod provides from its environment or a Secret (tokens, the WTL URL,
 * the TLS files) that the files alone cannot hold, which only {@code validate-config} reports that way.
 * <p>
 * <b>Each capability owns its settings.</b> The records live with the code they configure:
 * {@link io.nspsconnector.server.ServerSettings} (the connector's own server), {@link io.nspsconnector.wtl.WtlSettings},
 * {@link io.nspsconnector.nac.NacSettings}, {@link io.nspsconnector.delivery.DeliverySettings},
 * {@link io.nspsconnector.state.StateSettings},
 * {@link io.nspsconnector.logging.LoggingSettings}, {@link io.nspsconnector.simulator.SimulatorSettings.Embedded} and,
 * for the reload done here, {@link io.nspsconnector.config.ReloadSettings}. Their keys are read here, one
 * package-private reader per capability ({@code ServerKeys}, {@code WtlKeys}, ...) over {@code Overlay}, the strict
 * reader with the environment variables laid over it; {@code ConnectorConfig} only runs them in one pass.
 * <p>
 * May depend on the settings records of {@code server}, {@code wtl}, {@code nac}, {@code delivery}, {@code state},
 * {@code logging} and {@code simulator}, on {@code nsps} (it builds the {@code Mappings}, with {@code wtl}'s request
 * model) and on {@code metrics} (reload counts). Not on {@code http}; those packages do not depend back on it.
 */
package io.nspsconnector.config;
