package io.nspsconnector.logging;

import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's asynchronous appender, counting what it drops ({@link LogDrops}) and the lines it was given that are
 * not written yet ({@link BatchedStdout.Backlog}: in its queue, or taken by its writer and not yet passed on).
 * Logback asks {@link #isDiscardable} only when the queue's free room has fallen below the discarding threshold:
 * lines at INFO and below are then dropped (so a request never waits for stdout), WARN and ERROR lines still go
 * into the queue.
 */
final class CountingAsyncAppender extends AsyncAppender implements BatchedStdout.Backlog {

    private final AtomicInteger unwritten = new AtomicInteger();

    @Override
    protected void append(ILoggingEvent event) {
        unwritten.incrementAndGet();
        super.append(event);
    }

    @Override
    protected boolean isDiscardable(ILoggingEvent event) {
        if (event.getLevel().toInt() <= Level.INFO_INT) {
            LogDrops.add();
            unwritten.decrementAndGet();
            return true;
        }
        return false;
    }

    @Override
    public int unwritten() {
        return unwritten.get();
    }

    @Override
    public void written() {
        unwritten.decrementAndGet();
    }
}
