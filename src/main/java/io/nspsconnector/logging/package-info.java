/**
 * The service's logging: JSON lines on stdout set up in code ({@link io.nspsconnector.logging.JsonLogConfigurator}),
 * the bridge of Helidon's and the JDK's logging, the root level, masking of subscriber ids
 * ({@link io.nspsconnector.logging.Masking}) and bounded log texts ({@link io.nspsconnector.logging.LogText}).
 * Owns its settings ({@link io.nspsconnector.logging.LoggingSettings}).
 * <p>
 * Depends on no other package of the project.
 */
package io.nspsconnector.logging;
