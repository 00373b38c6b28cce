/**
 * The settings of the connector's own HTTP server: {@link io.nspsconnector.server.ServerSettings} (port, event path,
 * body size, API tokens), {@link io.nspsconnector.server.InboundLimits} ({@code connector.inbound}) and
 * {@link io.nspsconnector.server.TlsSettings}. Records only: {@code config} reads them and {@code http} uses them,
 * and since neither of the two may depend on the other, the records sit here, below both.
 * <p>
 * Depends on no other package of the project.
 */
package io.nspsconnector.server;
