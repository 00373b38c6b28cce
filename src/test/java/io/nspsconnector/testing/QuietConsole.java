package io.nspsconnector.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.slf4j.LoggerFactory;

/**
 * Keeps a test that provokes thousands of expected failures (fault injection, fuzzing) from flooding the build
 * output: the console appender is detached from the root logger while it runs. Every other appender (the suite's
 * token check among them) still sees every line. To read what was logged, use {@link LogCapture}.
 */
public final class QuietConsole implements AutoCloseable {

    private static final String CONSOLE = "JSON";

    private final Logger root;
    private final Appender<ILoggingEvent> console;

    private QuietConsole() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        console = root.getAppender(CONSOLE);
        if (console != null) {
            root.detachAppender(console);
        }
    }

    /** Detaches the console appender until closed. */
    public static QuietConsole quietConsole() {
        return new QuietConsole();
    }

    @Override
    public void close() {
        if (console != null) {
            root.addAppender(console);
        }
    }
}
