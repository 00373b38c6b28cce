package io.nspsconnector.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;
import org.slf4j.Logger;

/**
 * The service's logging, set up in code (found by logback through {@code META-INF/services}): one JSON object per
 * line on stdout with {@code timestamp}, {@code level}, {@code logger}, {@code message}, the request's MDC fields and
 * structured arguments as top-level keys; written off the request threads by an async appender, in batches
 * ({@link BatchedStdout}: one write to stdout for many lines, no wake-up of the writer per line). When its queue is
 * nearly full (stdout cannot keep up), lines at INFO and below are dropped and counted ({@link LogDrops},
 * {@code log_lines_dropped_total}) instead of making requests wait; WARN and ERROR lines are always kept. Set up in
 * code rather than from {@code logback.xml}, for start-up time (docs/rationale.md, "Logs and metrics").
 * <p>
 * An explicit configuration wins: with {@code -Dlogback.configurationFile=...}, or a {@code logback-test.xml} on the
 * class path (the tests, unless {@code -Dnsps.logging.json=true}), logback's file-based configuration is used. The
 * root level is set at start-up from {@code connector.logging.level} / {@code LOG_LEVEL}.
 */
public final class JsonLogConfigurator extends ContextAwareBase implements Configurator {

    /** {@code -Dnsps.logging.json=true}: this set-up even with a {@code logback-test.xml} on the class path. */
    public static final String FORCE_PROPERTY = "nsps.logging.json";
    /** Lines the asynchronous appender holds at most. */
    static final int QUEUE_SIZE = 8192;

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        boolean forced = Boolean.getBoolean(FORCE_PROPERTY);
        if (System.getProperty("logback.configurationFile") != null
                || !forced && JsonLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // levels set on logback loggers also apply to the java.util.logging loggers Helidon writes to
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.getFieldNames().setTimestamp("timestamp");
        encoder.getFieldNames().setVersion("[ignore]");
        encoder.getFieldNames().setLogger("logger");
        encoder.getFieldNames().setThread("[ignore]");
        encoder.getFieldNames().setLevelValue("[ignore]");
        ShortenedThrowableConverter stackTraces = new ShortenedThrowableConverter();
        stackTraces.setMaxDepthPerThrowable(30);
        stackTraces.setRootCauseFirst(true);
        encoder.setThrowableConverter(stackTraces);
        encoder.start();

        CountingAsyncAppender async = new CountingAsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setQueueSize(QUEUE_SIZE);
        // below this much free room, INFO and lower are dropped (counted), so a request never waits for stdout
        async.setDiscardingThreshold(QUEUE_SIZE / 8);
        async.setIncludeCallerData(false);
        // the lines go to stdout in batches, one write for many lines (see BatchedStdout)
        BatchedStdout json = new BatchedStdout(async);
        json.setContext(context);
        json.setName("JSON");
        json.setEncoder(encoder);
        json.start();
        async.addAppender(json);
        async.start();

        context.getLogger("io.helidon").setLevel(Level.WARN);
        context.getLogger("io.helidon.webserver.LoomServer").setLevel(Level.INFO);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(async);
        // no shutdown hook: Main's SIGTERM hook stops logging (flushing the queue) as its last step
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
