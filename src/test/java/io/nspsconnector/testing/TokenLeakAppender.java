package io.nspsconnector.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * Sees every log line of the test suite (attached to the root logger by {@code logback-test.xml}), renders it with
 * the production JSON encoder (message, structured arguments, MDC, stack traces) and looks for every token the
 * tests configure. {@code LogLeakCheckTest} runs last and requires that none was found.
 */
public final class TokenLeakAppender extends AppenderBase<ILoggingEvent> {

    /** Every token value the tests hand to a connector (API and WTL tokens, token files, rotations). */
    public static final Set<String> SECRETS = Set.of(
            TestConnector.API_TOKEN, TestConnector.ROTATED_TOKEN, TestConnector.WTL_TOKEN, "token-one", "token-two",
            "nsps-token", "current-token", "next-token", "sim-token", "secret-wtl-value", "wtl-secret",
            "rotated-token", "old-token", "new-token", "file-token", "ext-token", "shutdown-test-token",
            "shutdown-wtl-token", "dev-wtl-token");

    private static final AtomicLong LINES = new AtomicLong();
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static final Set<String> LOGGERS = ConcurrentHashMap.newKeySet();

    private final LogstashEncoder encoder = new LogstashEncoder();

    @Override
    public void start() {
        encoder.setContext(getContext());
        encoder.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        LINES.incrementAndGet();
        LOGGERS.add(event.getLoggerName());
        String found = leak(line);
        if (found != null) {
            LEAKS.add(event.getLoggerName() + ": a configured token (" + found.length() + " characters) in: "
                              + line.replace(found, "<TOKEN>"));
        }
    }

    /**
     * @param line a rendered log line
     * @return the configured token it contains, or null
     */
    public static String leak(String line) {
        for (String secret : SECRETS) {
            if (line.contains(secret)) {
                return secret;
            }
        }
        return null;
    }

    /** Lines checked so far. */
    public static long lines() {
        return LINES.get();
    }

    /** Loggers seen so far. */
    public static Set<String> loggers() {
        return Set.copyOf(LOGGERS);
    }

    /** Lines that contained a token (with the token replaced). */
    public static List<String> leaks() {
        return List.copyOf(LEAKS);
    }
}
