/**
 * JSON text in and out: {@link io.nspsconnector.json.StrictJson} parses a body that must be exactly one JSON object
 * (no trailing content, no duplicate keys, bounded nesting) and checks UTF-8 strictly for readers that stream the
 * bytes themselves (the NSPS event reader); {@link io.nspsconnector.json.JsonText} writes JSON
 * string literals for the small bodies built on the hot path.
 * <p>
 * Depends on no other package of the project.
 */
package io.nspsconnector.json;
