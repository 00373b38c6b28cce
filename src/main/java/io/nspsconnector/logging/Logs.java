package io.nspsconnector.logging;

import java.util.Locale;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Start-up wiring of logging: Helidon's JUL output into the JSON log, and the root level from configuration. */
public final class Logs {

    private Logs() {
    }

    /** Routes java.util.logging (used by Helidon) through SLF4J, so every line is JSON. */
    public static void bridgeJul() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    /**
     * Sets the root level. Accepts the reference connector's names too: WARNING means WARN, CRITICAL means ERROR.
     *
     * @param level level name
     */
    public static void level(String level) {
        String name = switch (level.toUpperCase(Locale.ROOT)) {
            case "WARNING" -> "WARN";
            case "CRITICAL" -> "ERROR";
            default -> level.toUpperCase(Locale.ROOT);
        };
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.toLevel(name, Level.INFO));
        }
    }
}
