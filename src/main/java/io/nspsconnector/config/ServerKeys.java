package io.nspsconnector.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.nspsconnector.server.InboundLimits;
import io.nspsconnector.server.ServerSettings;
import io.nspsconnector.server.TlsSettings;

/**
 * Reads the settings of the connector's own server: {@code server.port} ({@code PORT}), {@code connector.event-path},
 * {@code connector.max-body-size}, {@code connector.auth} ({@code API_TOKEN}, {@code API_TOKEN_FILE}),
 * {@code connector.inbound} and {@code connector.tls}; and checks the ranges of the Helidon server keys the
 * documentation sizes ({@code server.max-concurrent-requests} and the HTTP/1.1 prologue and header sizes), which
 * Helidon itself reads from the {@code server} node.
 */
final class ServerKeys {

    /** Smallest {@code connector.max-body-size}. */
    static final long MIN_BODY_BYTES = 1024;

    private static final String INBOUND = "connector.inbound.";
    private static final String HTTP_1_1 = "server.protocols.http_1_1.";

    private ServerKeys() {
    }

    /**
     * @param r             the reader
     * @param eventDeadline the event deadline, which bounds the wait for room in the body budget
     * @return the settings
     */
    static ServerSettings read(Overlay r, Duration eventDeadline) {
        SettingsReader s = r.settings();
        int port = r.port("PORT", "server.port", 8000);
        String eventPath = s.string("connector.event-path", "/process-event");
        if (!eventPath.startsWith("/")) {
            s.error("connector.event-path", "must start with '/'");
        }
        long maxBody = s.longValue("connector.max-body-size", 2L * 1024 * 1024, Long.MIN_VALUE, Long.MAX_VALUE);
        if (maxBody < MIN_BODY_BYTES) {
            s.error("connector.max-body-size", "must be at least 1024 bytes (NSPS events reach 1 MB)");
            maxBody = 2L * 1024 * 1024;
        }
        List<String> apiTokens = r.tokens("API_TOKEN", "API_TOKEN_FILE", "connector.auth");
        if (apiTokens.isEmpty()) {
            r.fromEnvironment("API_TOKEN", "missing (the Bearer token(s) NSPS sends; or connector.auth.tokens, "
                    + "or a file in API_TOKEN_FILE / connector.auth.token-file)");
        }
        InboundLimits inbound = inbound(s, eventDeadline);
        TlsSettings tls = tls(r);
        helidonLimits(s);
        return new ServerSettings(port, eventPath, maxBody, apiTokens, inbound, tls);
    }

    /** {@code connector.inbound}, every value within its range; a value out of range keeps its default. */
    private static InboundLimits inbound(SettingsReader s, Duration eventDeadline) {
        InboundLimits d = InboundLimits.DEFAULTS;
        return new InboundLimits(s.integer(INBOUND + "max-connections", d.maxConnections(), 1, Integer.MAX_VALUE),
                                 s.duration(INBOUND + "header-timeout", d.headerTimeout()),
                                 s.duration(INBOUND + "body-timeout", d.bodyTimeout()),
                                 s.duration(INBOUND + "idle-timeout", d.idleTimeout()),
                                 s.duration(INBOUND + "response-timeout", d.responseTimeout()),
                                 s.longValue(INBOUND + "body-budget", d.bodyBudgetBytes(),
                                             InboundLimits.MIN_BODY_BUDGET, Long.MAX_VALUE),
                                 eventDeadline);
    }

    /**
     * The Helidon server limits the documentation sizes, checked here so that a wrong value is a listed problem
     * (exit 2, or {@code validate-config} exit 1) rather than a failure while the server is built.
     */
    private static void helidonLimits(SettingsReader s) {
        String concurrent = "server.max-concurrent-requests";
        // Helidon's -1 means no limit; 0 would refuse every request
        if (s.integer(concurrent, -1, -1, Integer.MAX_VALUE) == 0) {
            s.error(concurrent, "must be -1 (no limit) or at least 1 (is 0)");
        }
        s.integer(HTTP_1_1 + "max-prologue-length", 4096, 1, Integer.MAX_VALUE);
        s.integer(HTTP_1_1 + "max-headers-size", 16384, 1, Integer.MAX_VALUE);
    }

    private static TlsSettings tls(Overlay r) {
        SettingsReader s = r.settings();
        boolean enabled = s.bool("connector.tls.enabled", false);
        Path certificate = Path.of(s.string("connector.tls.certificate", "/etc/nsps-connector/tls/tls.crt"));
        Path key = Path.of(s.string("connector.tls.private-key", "/etc/nsps-connector/tls/tls.key"));
        if (enabled) {
            for (Map.Entry<String, Path> file : Map.of("certificate", certificate, "private-key", key).entrySet()) {
                if (!Files.isReadable(file.getValue())) {
                    // mounted from the pod's TLS Secret
                    r.fromEnvironment("connector.tls." + file.getKey(), file.getValue() + " is not a readable file");
                }
            }
        }
        return new TlsSettings(enabled, certificate, key);
    }
}
