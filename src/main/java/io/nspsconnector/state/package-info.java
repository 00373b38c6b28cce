/**
 * Where the connector keeps what makes re-deliveries harmless: in the pod's memory (the default, one pod) or in
 * PostgreSQL, shared by every replica and kept across restarts ({@link io.nspsconnector.state.PostgresLedger},
 * {@link io.nspsconnector.state.PostgresDeviceStatusStore}, their pool and the Flyway migrations in
 * {@code db/migration}). Owns its settings ({@link io.nspsconnector.state.StateSettings}).
 * <p>
 * May depend on {@code delivery} (it implements {@code DeliveryLedger}), {@code nac} (it implements
 * {@code DeviceStatusStore} with {@code DeviceMerge}), {@code errors} and {@code logging}; not on {@code http} or
 * {@code config}; {@code nac} does not use it.
 */
package io.nspsconnector.state;
