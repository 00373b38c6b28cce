package io.nspsconnector.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.nspsconnector.logging.LoggingSettings;

/** Reads {@code connector.logging} and {@code LOG_LEVEL}. */
final class LoggingKeys {

    /** The levels accepted, in any case; WARNING and CRITICAL are the reference connector's names. */
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL");

    private LoggingKeys() {
    }

    static LoggingSettings read(Overlay r) {
        SettingsReader s = r.settings();
        Map<String, String> env = r.env();
        String level = env.getOrDefault("LOG_LEVEL", s.string("connector.logging.level", "INFO"));
        if (!LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
            s.error("LOG_LEVEL", "'" + level + "' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL");
        }
        return new LoggingSettings(level.toUpperCase(Locale.ROOT),
                                   s.bool("connector.logging.mask-subscriber-ids", true),
                                   s.bool("connector.logging.access-log", true));
    }
}
