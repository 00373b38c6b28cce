package io.nspsconnector.http;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServerConfig;

import io.nspsconnector.server.TlsSettings;

/**
 * Optional HTTPS for the connector's own server, from a PEM certificate chain and private key: the layout of a
 * mounted {@code kubernetes.io/tls} Secret ({@code tls.crt}, {@code tls.key}). Read at start-up.
 */
public final class ServerTls {

    private ServerTls() {
    }

    /**
     * Puts TLS on the server when enabled.
     *
     * @param server server builder
     * @param tls    settings: whether to serve HTTPS, and the PEM files
     * @throws InvalidServerSettings if the files do not hold a usable key and certificate
     */
    public static void apply(WebServerConfig.Builder server, TlsSettings tls) {
        if (!tls.enabled()) {
            return;
        }
        PrivateKey key;
        List<X509Certificate> chain;
        try {
            Keys keys = Keys.builder()
                    .pem(pem -> pem.key(Resource.create(tls.privateKey()))
                            .certChain(Resource.create(tls.certificate())))
                    .build();
            key = keys.privateKey().orElse(null);
            chain = keys.certChain();
        } catch (RuntimeException e) {
            throw new InvalidServerSettings("connector.tls", List.of("connector.tls: cannot read the PEM files "
                                                                              + tls.certificate() + " and "
                                                                              + tls.privateKey() + ": "
                                                                              + e.getMessage()));
        }
        if (key == null || chain.isEmpty()) {
            throw new InvalidServerSettings("connector.tls", List.of(
                    "connector.tls: " + (key == null ? tls.privateKey() + " holds no private key"
                            : tls.certificate() + " holds no certificate")));
        }
        server.tls(Tls.builder()
                           .privateKey(key)
                           .privateKeyCertChain(chain)
                           .build());
    }
}
