package io.nspsconnector.config;

import java.time.Duration;
import java.util.List;

import io.nspsconnector.nac.NacSettings;

/** Reads {@code connector.nac} and the {@code NAC_*} variables. */
final class NacKeys {

    private NacKeys() {
    }

    /**
     * @param r         the reader
     * @param eventPath the event path, which the notification path must differ from
     * @return the settings
     */
    static NacSettings read(Overlay r, String eventPath) {
        SettingsReader s = r.settings();
        boolean enabled = r.envBool("NAC_ENABLED", "connector.nac.enabled", false);
        String path = s.string("connector.nac.path", "/notifications");
        if (!path.startsWith("/") || path.equals(eventPath) || path.equals("/devices") || path.startsWith("/devices/")) {
            s.error("connector.nac.path", "must start with '/' and differ from the event path and /devices");
        }
        List<String> tokens = r.tokens("NAC_NOTIFICATION_TOKEN", "NAC_NOTIFICATION_TOKEN_FILE", "connector.nac");
        if (enabled && tokens.isEmpty()) {
            // never run the receiver open: a missing token is a misconfiguration, not "no authentication"
            r.fromEnvironment("NAC_NOTIFICATION_TOKEN", "missing (the Bearer token(s) given to Network as Code when "
                    + "subscribing; or connector.nac.tokens, or a file in NAC_NOTIFICATION_TOKEN_FILE / "
                    + "connector.nac.token-file; or set NAC_ENABLED=false)");
        }
        long maxBody = s.longValue("connector.nac.max-body-size", 64L * 1024, Long.MIN_VALUE, Long.MAX_VALUE);
        if (maxBody < 1024) {
            s.error("connector.nac.max-body-size", "must be at least 1024 bytes");
        }
        int maxDevices = s.integer("connector.nac.max-devices", 100_000, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (maxDevices < 1) {
            s.error("connector.nac.max-devices", "must be at least 1");
        }
        int maxIds = s.integer("connector.nac.dedupe.max-ids", 100_000, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (maxIds < 1) {
            s.error("connector.nac.dedupe.max-ids", "must be at least 1");
        }
        Duration window = s.duration("connector.nac.dedupe.window", Duration.ofHours(24));
        return new NacSettings(enabled, path, tokens, maxBody, maxDevices, maxIds, window);
    }
}
