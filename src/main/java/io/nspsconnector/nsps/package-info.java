/**
 * The pure core: the NSPS event model, its validation, the mappings and the planner that turns an event into the
 * WTL operations of a {@link io.nspsconnector.nsps.Plan}, reached through one decision path
 * ({@link io.nspsconnector.nsps.EventRules}). No I/O and no state.
 * <p>
 * An event body is read by {@link io.nspsconnector.nsps.EventReader} in one streaming pass over its bytes
 * (jackson-core's parser), which keeps only the fields the rules read and is as strict as
 * {@link io.nspsconnector.json.StrictJson}.
 * <p>
 * May depend on {@code errors}, {@code json}, {@code logging}, and of {@code wtl} only its request model
 * ({@code WtlRequest}, {@code WtlAction}, {@code SubscriberStatus}, {@code WtlResult}); never on an I/O package or on
 * Helidon's server or client.
 */
package io.nspsconnector.nsps;
