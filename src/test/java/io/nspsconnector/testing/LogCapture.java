package io.nspsconnector.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Records what a logger (and the loggers below it) logs while a test runs: attached on creation, detached (and the
 * logger's level restored) on {@link #close()}. Events are kept in a thread-safe list, since the connector logs from
 * its request threads while the test reads; they stay readable after closing. {@link #lines()} renders them with
 * the production JSON encoder.
 * Tests of other classes may log through the same logger at the same time: filter by request id where it matters.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level level;
    private final Recorder recorder = new Recorder();
    private final Map<Logger, Level> levels = new LinkedHashMap<>();
    private final LogstashEncoder encoder = new LogstashEncoder();

    private LogCapture(Logger logger, Level atLeast) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        this.logger = logger;
        this.level = logger.getLevel();
        encoder.setContext(context);
        encoder.start();
        recorder.setContext(context);
        recorder.start();
        if (atLeast != null) {
            logger.setLevel(atLeast);
        }
        logger.addAppender(recorder);
    }

    /**
     * Captures a logger at its configured level.
     *
     * @param name logger name (a package captures the classes in it)
     * @return the capture, to close
     */
    public static LogCapture of(String name) {
        return new LogCapture(logger(name), null);
    }

    /**
     * Captures the logger of a class at its configured level.
     *
     * @param type the class
     * @return the capture, to close
     */
    public static LogCapture of(Class<?> type) {
        return of(type.getName());
    }

    /**
     * Captures a logger with its level set for the capture (restored on close).
     *
     * @param name  logger name, or {@link org.slf4j.Logger#ROOT_LOGGER_NAME}
     * @param level the level while capturing
     * @return the capture, to close
     */
    public static LogCapture of(String name, Level level) {
        return new LogCapture(logger(name), level);
    }

    /**
     * Captures every logger (the root) with its level set for the capture (restored on close).
     *
     * @param level the level while capturing
     * @return the capture, to close
     */
    public static LogCapture root(Level level) {
        return of(org.slf4j.Logger.ROOT_LOGGER_NAME, level);
    }

    /**
     * Sets another logger's level while capturing (restored on close), to keep a chatty library out, say.
     *
     * @param name  logger name
     * @param level its level while capturing
     * @return this capture
     */
    public LogCapture withLevel(String name, Level level) {
        Logger other = logger(name);
        levels.putIfAbsent(other, other.getLevel());
        other.setLevel(level);
        return this;
    }

    /** Events captured so far, in order. */
    public List<ILoggingEvent> events() {
        return List.copyOf(recorder.events);
    }

    /**
     * @param filter which events
     * @return the captured events it accepts
     */
    public List<ILoggingEvent> events(Predicate<ILoggingEvent> filter) {
        return recorder.events.stream().filter(filter).toList();
    }

    /**
     * @param message a message pattern, as logged
     * @return the first event with it, if any
     */
    public Optional<ILoggingEvent> first(String message) {
        return recorder.events.stream().filter(e -> message.equals(e.getMessage())).findFirst();
    }

    /**
     * @param filter which events
     * @return those events rendered as the production JSON lines
     */
    public List<String> lines(Predicate<ILoggingEvent> filter) {
        return events(filter).stream().map(this::render).toList();
    }

    /** Every captured event rendered as the production JSON lines. */
    public List<String> lines() {
        return lines(e -> true);
    }

    /**
     * @param event a logged event
     * @return its production JSON line
     */
    public String render(ILoggingEvent event) {
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    /**
     * @param key   MDC key
     * @param value the value it must have
     * @return a filter for events logged with that MDC value
     */
    public static Predicate<ILoggingEvent> mdc(String key, String value) {
        return e -> value.equals(e.getMDCPropertyMap().get(key));
    }

    @Override
    public void close() {
        logger.detachAppender(recorder);
        recorder.stop();
        logger.setLevel(level);
        levels.forEach(Logger::setLevel);
    }

    private static Logger logger(String name) {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(name);
    }

    private static final class Recorder extends AppenderBase<ILoggingEvent> {
        private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    }
}
