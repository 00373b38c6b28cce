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
 * WebClient as it is), Helidon's own webserver keys under {@code server} (only {@code server.port} is the
 * connector's), and keys that environment variables add through Helidon's mapping.
 * <p>
 * <b>Severity, not text.</b> A problem is an {@code ERROR} (the service exits 2 at start, {@code validate-config}
 * exits 1), or a {@code NOTE}: a setting the pod provides from its environment or a Secret (tokens, the WTL URL,
 * the TLS files) that the files alone cannot hold, which only {@code validate-config} reports that way.
 * <p>
 * <b>Each capability owns its settings.</b> The records live with the code they configure:
 * {@link io.nspsconnector.wtl.WtlSettings} (WTL client, retry, breaker, bulkhead, "already done" answers),
 * {@link io.nspsconnector.nac.NacSettings} (Network as Code receiver),
 * {@link io.nspsconnector.delivery.DeliverySettings} (idempotency records, shutdown grace). Server, logging, reload,
 * simulator and TLS settings stay records of {@code ConnectorConfig}. This package depends on those packages for
 * their settings types only; they do not depend back on it.
 */
package io.nspsconnector.config;
