/**
 * The trace an NSPS request belongs to ({@link io.nspsconnector.tracing.TraceContext}): read from the B3 or W3C
 * headers, put in the log lines, and carried on to WTL in a new span per call.
 * <p>
 * Depends on no other package of the project.
 */
package io.nspsconnector.tracing;
