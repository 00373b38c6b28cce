package io.nspsconnector.logging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import io.nspsconnector.testing.Await;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * The production appender's behaviour when stdout cannot keep up: INFO lines are dropped and every drop is counted
 * (lines written plus lines counted as dropped make up all lines logged), WARN lines are still kept, and logging
 * does not wait for the stalled writer.
 */
class CountingAsyncAppenderTest {

    @Test
    void aFullQueueDropsInfoLinesCountsEachAndKeepsWarnings() throws InterruptedException {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // the events' log context is read when they are queued
        CountDownLatch stalled = new CountDownLatch(1);
        Stalling downstream = new Stalling(stalled);
        downstream.setContext(context);
        downstream.start();
        CountingAsyncAppender async = new CountingAsyncAppender();
        async.setContext(context);
        async.setQueueSize(16);
        async.setDiscardingThreshold(8);
        async.addAppender(downstream);
        async.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("test");
        long before = LogDrops.count();
        int infos = 200;
        long started = System.nanoTime();
        try {
            for (int i = 0; i < infos; i++) {
                async.doAppend(new LoggingEvent("test", logger, Level.INFO, "info " + i, null, null));
            }
            // the worker is stuck writing; the queue has free room below the threshold, so a warning still fits
            async.doAppend(new LoggingEvent("test", logger, Level.WARN, "kept warning", null, null));
        } finally {
            stalled.countDown();
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Await.until("the queued lines are written", Duration.ofSeconds(10),
                    () -> async.getNumberOfElementsInQueue() == 0);
        async.stop(); // flushes what the worker still holds

        long dropped = LogDrops.count() - before;
        long writtenInfos = downstream.messages.stream().filter(m -> m.startsWith("info ")).count();
        assertThat("some INFO lines were dropped", dropped, greaterThan(0L));
        assertThat("every INFO line was either written or counted", writtenInfos + dropped, is((long) infos));
        assertThat(downstream.messages, hasItem("kept warning"));
        assertThat("logging did not wait for the stalled writer (" + tookMillis + " ms)", tookMillis < 5_000, is(true));
    }

    /** Blocks on its first line until released, as a stdout nobody reads would. */
    private static final class Stalling extends AppenderBase<ILoggingEvent> {
        private final CountDownLatch released;
        private final List<String> messages = new CopyOnWriteArrayList<>();

        private Stalling(CountDownLatch released) {
            this.released = released;
        }

        @Override
        protected void append(ILoggingEvent event) {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            messages.add(event.getFormattedMessage());
        }
    }
}
