package io.nspsconnector.config;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.helidon.config.Config;

import io.nspsconnector.simulator.SimulatorSettings;
import io.nspsconnector.wtl.WtlAction;
import io.nspsconnector.wtl.WtlSettings;

/** Reads {@code connector.wtl} and the {@code WTL_*} variables of the WTL client. */
final class WtlKeys {

    private WtlKeys() {
    }

    /** A URL text for a message, with anything that may be credentials ({@code user:pass@}) replaced. */
    private static String withoutUserInfo(String raw) {
        return raw.replaceFirst("(?<=//)[^/?#]*@", "***@");
    }

    /**
     * @param r         the reader
     * @param simulator the embedded simulator's settings: when it runs, the WTL client is pointed at it
     * @return the settings
     */
    static WtlSettings read(Overlay r, SimulatorSettings.Embedded simulator) {
        SettingsReader s = r.settings();
        Map<String, String> env = r.env();
        URI url = null;
        String token = null;
        if (simulator.enabled()) {
            List<String> tokens = r.tokens("WTL_API_TOKEN", "WTL_API_TOKEN_FILE", "connector.wtl");
            token = tokens.isEmpty() ? randomToken() : tokens.getFirst();
            s.string("connector.wtl.url", "");
            // the real port is known only once the simulator listens; Connector fills it in
            url = URI.create("http://" + simulator.host() + ":" + simulator.port() + "/wtl/hlr/v1");
        } else {
            String raw = env.getOrDefault("WTL_API_URL", s.string("connector.wtl.url", ""));
            if (raw.isBlank()) {
                r.fromEnvironment("WTL_API_URL", "missing (WTL API base URL, e.g. http://wtl-api:3001/wtl/hlr/v1; "
                        + "or connector.wtl.url; or start with --simulator to try the connector without an HLR)");
            } else {
                try {
                    url = URI.create(raw.strip());
                    String scheme = url.getScheme() == null ? "" : url.getScheme();
                    if (url.getRawUserInfo() != null) {
                        // credentials in the URL would be logged with it: refused, never echoed
                        s.error("WTL_API_URL", "must not contain user info (user:password@); give WTL's credential "
                                + "as WTL_API_TOKEN / WTL_API_TOKEN_FILE");
                        url = null;
                    } else if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")
                            || url.getHost() == null) {
                        s.error("WTL_API_URL", "'" + withoutUserInfo(raw) + "' must be an absolute http:// or https:// URL");
                        url = null;
                    }
                } catch (IllegalArgumentException e) {
                    s.error("WTL_API_URL", "'" + withoutUserInfo(raw) + "' is not a valid URL");
                }
            }
            List<String> tokens = r.tokens("WTL_API_TOKEN", "WTL_API_TOKEN_FILE", "connector.wtl");
            if (tokens.isEmpty()) {
                r.fromEnvironment("WTL_API_TOKEN", "missing (Bearer token for WTL; or connector.wtl.token, "
                        + "or a file in WTL_API_TOKEN_FILE / connector.wtl.token-file)");
            } else {
                token = tokens.getFirst();
            }
        }

        Duration connect = s.duration("connector.wtl.connect-timeout", Duration.ofSeconds(2));
        Duration attempt;
        String legacyTimeout = env.get("WTL_HTTP_REQUESTS_TIMEOUT");
        if (legacyTimeout != null) {
            s.node("connector.wtl.attempt-timeout");
            attempt = Duration.ofMillis(1);
            try {
                double seconds = Double.parseDouble(legacyTimeout.strip());
                if (!(seconds >= 0.001 && seconds <= 3600)) {
                    s.error("WTL_HTTP_REQUESTS_TIMEOUT", "must be between 0.001 and 3600 seconds");
                } else {
                    attempt = Duration.ofMillis(Math.round(seconds * 1000));
                }
            } catch (NumberFormatException e) {
                s.error("WTL_HTTP_REQUESTS_TIMEOUT", "'" + legacyTimeout + "' is not a number of seconds");
            }
        } else {
            attempt = s.duration("connector.wtl.attempt-timeout", Duration.ofSeconds(10));
        }
        Duration deadline = s.duration("connector.wtl.event-deadline", Duration.ofSeconds(20));

        String rt = "connector.wtl.retry.";
        WtlSettings.Retry retry = new WtlSettings.Retry(s.integer(rt + "attempts", 3, 1, 10),
                                s.duration(rt + "initial-delay", Duration.ofMillis(200)),
                                s.duration(rt + "max-delay", Duration.ofSeconds(2)),
                                s.decimal(rt + "multiplier", 2.0, 1.0, Double.MAX_VALUE),
                                s.decimal(rt + "jitter", 0.2, 0, 1),
                                s.duration(rt + "retry-after-cap", Duration.ofSeconds(5)),
                                Set.copyOf(s.integers(rt + "statuses", List.of(502, 503, 504), 100, 599)));

        String b = "connector.wtl.circuit-breaker.";
        WtlSettings.Breaker breaker = new WtlSettings.Breaker(s.bool(b + "enabled", true),
                                      s.integer(b + "volume", 20, 1, Integer.MAX_VALUE),
                                      s.integer(b + "error-ratio", 60, 1, 100),
                                      s.duration(b + "delay", Duration.ofSeconds(5)),
                                      s.integer(b + "success-threshold", 1, 1, Integer.MAX_VALUE));

        WtlSettings.Bulkhead bulkhead = new WtlSettings.Bulkhead(
                s.integer("connector.wtl.bulkhead.limit", 128, 1, Integer.MAX_VALUE),
                s.integer("connector.wtl.bulkhead.queue", 1024, 0, Integer.MAX_VALUE));

        Map<WtlAction, WtlSettings.AlreadyDone> treat = new EnumMap<>(WtlAction.class);
        treat.put(WtlAction.INSERT, new WtlSettings.AlreadyDone(Set.of(409), List.of("already exist")));
        treat.put(WtlAction.DELETE, new WtlSettings.AlreadyDone(Set.of(404), List.of("not found", "does not exist")));
        String t = "connector.wtl.treat-as-success";
        Config node = s.node(t);
        if (node.exists()) {
            treat.clear();
            if (node.type() != Config.Type.OBJECT) {
                s.error(t, "must be a map of action to {statuses, error-contains}");
            }
            for (Config action : node.type() == Config.Type.OBJECT ? node.asNodeList().orElse(List.of()) : List.<Config>of()) {
                String key = t + "." + action.name();
                try {
                    WtlAction parsed = WtlAction.parse(action.name());
                    s.node(key);
                    treat.put(parsed, new WtlSettings.AlreadyDone(Set.copyOf(s.integers(key + ".statuses", List.of(), 100, 599)),
                                                      s.strings(key + ".error-contains", List.of())));
                } catch (IllegalArgumentException e) {
                    s.error(key, e.getMessage());
                    s.freeForm(key);
                }
            }
        } else {
            for (String action : List.of("insert", "delete")) {
                s.node(t + "." + action + ".statuses");
                s.node(t + "." + action + ".error-contains");
            }
        }
        return new WtlSettings(url, token, connect, attempt, deadline, retry, breaker, bulkhead, treat,
                       s.freeForm("connector.wtl.client"));
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
