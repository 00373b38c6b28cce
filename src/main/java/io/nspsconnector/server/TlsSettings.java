package io.nspsconnector.server;

import java.nio.file.Path;

/**
 * TLS of the connector's own server, from PEM files (e.g. a mounted {@code kubernetes.io/tls} Secret):
 * {@code connector.tls}.
 *
 * @param enabled     serve HTTPS instead of HTTP
 * @param certificate PEM certificate chain, the server's certificate first
 * @param privateKey  PEM private key (PKCS#8 or PKCS#1)
 */
public record TlsSettings(boolean enabled, Path certificate, Path privateKey) {
}
