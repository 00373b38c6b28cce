/**
 * The server side of HTTP: the connection guard and the body budget ({@link io.nspsconnector.http.ConnectionGuard},
 * {@link io.nspsconnector.http.RequestBody}), the filters (authentication, request context and access log), the
 * event, explain and OpenAPI endpoints, the JSON answers of every error ({@link io.nspsconnector.http.ErrorMapper},
 * {@link io.nspsconnector.http.JsonDirectHandler}, {@link io.nspsconnector.http.AllowedMethods}) and TLS from PEM
 * files ({@link io.nspsconnector.http.ServerTls}). Its settings are the records of {@code server}.
 * <p>
 * May depend on {@code server}, {@code nsps}, {@code delivery}, {@code wtl}, {@code event}, {@code errors},
 * {@code json}, {@code logging}, {@code metrics} and {@code tracing}; not on {@code nac}, which builds on it (the
 * access log masks {@code /devices} paths with {@code logging}'s masks). Not on {@code config}: a server setting
 * that cannot be used is an {@link io.nspsconnector.http.InvalidServerSettings}, which the start-up turns into the
 * invalid-configuration exit.
 * Nothing below this layer ({@code wtl}, {@code nsps}, {@code delivery}, {@code errors}, {@code json}, {@code config})
 * depends on it.
 */
package io.nspsconnector.http;
