package io.nspsconnector.server;

import java.util.List;

/**
 * Settings of the connector's own HTTP server: where it listens, where NSPS posts events, how large an event may
 * be, which Bearer tokens NSPS may use, the limits on inbound connections and TLS. Tokens never appear in
 * {@link #toString()}.
 *
 * @param port         listen port ({@code server.port}, {@code PORT})
 * @param eventPath    path NSPS posts events to ({@code connector.event-path})
 * @param maxBodyBytes largest accepted event body ({@code connector.max-body-size})
 * @param apiTokens    Bearer tokens NSPS may use, several during a rotation ({@code connector.auth}, {@code API_TOKEN})
 * @param inbound      limits on connections, transfer times and buffered bodies ({@code connector.inbound})
 * @param tls          HTTPS from PEM files ({@code connector.tls})
 */
public record ServerSettings(int port,
                             String eventPath,
                             long maxBodyBytes,
                             List<String> apiTokens,
                             InboundLimits inbound,
                             TlsSettings tls) {

    /** Copies the token list. */
    public ServerSettings {
        apiTokens = List.copyOf(apiTokens);
    }

    @Override
    public String toString() {
        return "ServerSettings[port=" + port + ", eventPath=" + eventPath + ", maxBodyBytes=" + maxBodyBytes
                + ", apiTokens=<" + apiTokens.size() + " redacted>, inbound=" + inbound + ", tls=" + tls + "]";
    }
}
