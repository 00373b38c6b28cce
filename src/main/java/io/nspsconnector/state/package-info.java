/**
 * Where the connector keeps what makes re-deliveries harmless: in the pod's memory (the default, one pod) or in
 * PostgreSQL, shared by every replica and kept across restarts, one subscriber at a time across them
 * ({@link io.nspsconnector.state.PostgresLedger}: a transaction per event holding advisory locks of its IMSIs; its
 * pool and the Flyway migrations in {@code db/migration}). Owns its settings
 * ({@link io.nspsconnector.state.StateSettings}).
 * <p>
 * May depend on {@code delivery} (it implements {@code DeliveryLedger}), {@code event}, {@code errors} and
 * {@code logging}; not on {@code http} or {@code config}.
 */
package io.nspsconnector.state;
