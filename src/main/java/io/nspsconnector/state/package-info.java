/**
 * Where the connector keeps what makes re-deliveries harmless: in the pod's memory (the default, one pod) or in
 * PostgreSQL, shared by every replica and kept across restarts: the delivery ledger
 * ({@link io.nspsconnector.state.PostgresLedger}: a transaction per event holding advisory locks of its IMSIs, so one
 * subscriber's events run one at a time across the replicas), the Network as Code device status
 * ({@link io.nspsconnector.state.PostgresDeviceStatusStore}), their pool, the Flyway migrations in
 * {@code db/migration} and the retention cleanup ({@link io.nspsconnector.state.RetentionCleanup}). Owns its settings
 * ({@link io.nspsconnector.state.StateSettings}).
 * <p>
 * May depend on {@code delivery} (it implements {@code DeliveryLedger}), {@code nac} (it implements
 * {@code DeviceStatusStore} with {@code DeviceMerge}), {@code event}, {@code errors} and {@code logging}; not on
 * {@code http} or {@code config}; neither {@code delivery} nor {@code nac} uses it.
 */
package io.nspsconnector.state;
