/**
 * How a request fails: {@link io.nspsconnector.errors.ErrorKind} is the one table of status, NSPS error type, title
 * and outcome label; {@link io.nspsconnector.errors.ConnectorError} and its subclasses carry a kind with the
 * details of one failure ({@link io.nspsconnector.errors.FieldProblem}s, response headers).
 * <p>
 * Depends on no other package of the project, so that every layer can raise an error that the HTTP layer renders.
 */
package io.nspsconnector.errors;
