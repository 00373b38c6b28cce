/**
 * Network as Code device-status notifications: the receiver endpoint, the parser of CloudEvents notifications,
 * the bounded store of each device's latest status and the {@code /devices} query. Owns its settings
 * ({@link io.nspsconnector.nac.NacSettings}).
 * <p>
 * May depend on {@code http} (authentication filter, body reading, {@code AllowedMethods}), {@code errors},
 * {@code json}, {@code logging} and {@code metrics}; not on {@code config}, {@code nsps}, {@code delivery} or
 * {@code wtl}.
 */
package io.nspsconnector.nac;
