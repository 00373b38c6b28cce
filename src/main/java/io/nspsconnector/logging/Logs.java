package io.nspsconnector.logging;

import java.util.Locale;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
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

    /**
     * For command-line tools whose stdout is their result: every log line goes to stderr as plain text, warnings
     * and errors only.
     */
    public static void toStderr() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger{0}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        root.addAppender(stderr);
        root.setLevel(Level.WARN);
    }

    /** Flushes and stops logging: the last step of a shutdown, after every other line was written. */
    public static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
