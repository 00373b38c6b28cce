/**
 * WTL, the HLR/HSS provisioning API: the request model the planner produces ({@link io.nspsconnector.wtl.WtlRequest},
 * {@link io.nspsconnector.wtl.WtlAction}, {@link io.nspsconnector.wtl.SubscriberStatus},
 * {@link io.nspsconnector.wtl.WtlResult}), and the client that sends it ({@link io.nspsconnector.wtl.WtlClient}:
 * connections, attempt watchdog, retries, circuit breaker, bulkhead, the reading of WTL's answers). Owns its settings
 * ({@link io.nspsconnector.wtl.WtlSettings}).
 * <p>
 * May depend on {@code event}, {@code errors}, {@code json}, {@code logging}, {@code metrics} and {@code tracing};
 * not on {@code http}, {@code config} or {@code nsps}.
 */
package io.nspsconnector.wtl;
