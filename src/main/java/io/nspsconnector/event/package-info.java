/**
 * The {@link io.nspsconnector.event.Deadline} of one event: the time by which it is answered, which every WTL attempt,
 * wait for a bulkhead slot and wait for the body budget respects, and which a shutdown brings forward.
 * <p>
 * Depends on no other package of the project.
 */
package io.nspsconnector.event;
