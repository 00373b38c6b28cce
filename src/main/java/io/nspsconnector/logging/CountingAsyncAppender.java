package io.nspsconnector.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's asynchronous appender, counting what it drops ({@link LogDrops}). Logback asks {@link #isDiscardable}
 * only when the queue's free room has fallen below the discarding threshold: lines at INFO and below are then
 * dropped (so a request never waits for stdout), WARN and ERROR lines still go into the queue.
 */
final class CountingAsyncAppender extends AsyncAppender {

    @Override
    protected boolean isDiscardable(ILoggingEvent event) {
        if (event.getLevel().toInt() <= Level.INFO_INT) {
            LogDrops.add();
            return true;
        }
        return false;
    }
}
