/**
 * Applying a plan to WTL safely under re-deliveries: {@link io.nspsconnector.delivery.EventProcessor} runs a plan,
 * {@link io.nspsconnector.delivery.DeliveryGuard} skips duplicates and stale operations, the
 * {@link io.nspsconnector.delivery.DeliveryLedger} remembers what was applied and orders one subscriber's events
 * (one unit per event, holding {@link io.nspsconnector.delivery.SubscriberLocks} and, in PostgreSQL, the database's
 * locks), and {@link io.nspsconnector.delivery.Drain} finishes the events in flight at shutdown.
 * Owns its settings ({@link io.nspsconnector.delivery.DeliverySettings}).
 * <p>
 * May depend on {@code nsps}, {@code wtl}, {@code event}, {@code errors}, {@code logging} and {@code tracing}; not on
 * {@code http} or {@code config}.
 */
package io.nspsconnector.delivery;
