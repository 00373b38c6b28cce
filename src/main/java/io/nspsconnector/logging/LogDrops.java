package io.nspsconnector.logging;

import java.util.concurrent.atomic.LongAdder;

/**
 * Log lines the asynchronous appender dropped rather than make a request wait: when its queue is nearly full
 * (writing to stdout cannot keep up), lines at INFO and below are dropped and counted here; WARN and ERROR lines are
 * always queued. Exported as {@code log_lines_dropped_total}.
 */
public final class LogDrops {

    private static final LongAdder DROPPED = new LongAdder();

    private LogDrops() {
    }

    /** Lines dropped since the process started. */
    public static long count() {
        return DROPPED.sum();
    }

    static void add() {
        DROPPED.increment();
    }
}
