package io.nspsconnector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Live reload ({@code connector.reload}): which mounted files are watched and how often. The mappings are always
 * watched when reload is enabled; tokens only when they came from a file.
 *
 * @param enabled      whether files are watched at all
 * @param interval     how often they are checked
 * @param apiTokenFile file the API tokens were read from, if they came from one
 * @param wtlTokenFile file the WTL token was read from, if it came from one
 * @param nacTokenFile file the Network as Code tokens were read from, if they came from one
 */
public record ReloadSettings(boolean enabled, Duration interval, Optional<Path> apiTokenFile,
                             Optional<Path> wtlTokenFile, Optional<Path> nacTokenFile) {

    /** Shortest allowed interval. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    /** Longest allowed interval. */
    static final Duration MAX_INTERVAL = Duration.ofMinutes(1);

    static ReloadSettings read(Overlay r) {
        SettingsReader s = r.settings();
        Duration interval = s.duration("connector.reload.interval", Duration.ofSeconds(2));
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            s.error("connector.reload.interval", "must be between PT0.01S and PT1M");
        }
        return new ReloadSettings(s.bool("connector.reload.enabled", true), interval,
                                  r.tokenFile("API_TOKEN", "API_TOKEN_FILE", "connector.auth"),
                                  r.tokenFile("WTL_API_TOKEN", "WTL_API_TOKEN_FILE", "connector.wtl"),
                                  r.tokenFile("NAC_NOTIFICATION_TOKEN", "NAC_NOTIFICATION_TOKEN_FILE", "connector.nac"));
    }
}
