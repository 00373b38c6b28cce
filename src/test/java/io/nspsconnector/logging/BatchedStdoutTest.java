package io.nspsconnector.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.nspsconnector.testing.Await;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The production appender chain (the counting asynchronous appender in front of {@link BatchedStdout}) writes every
 * line, in order, in far fewer writes than lines when they come in a burst, and still writes a lone line without a
 * line after it to push it out; while lines keep coming, none waits in the buffer longer than the batch's age cap.
 */
class BatchedStdoutTest {

    @Test
    void aBurstGoesOutInFewWritesEveryLineInOrder() {
        Sink sink = new Sink();
        Chain chain = new Chain(sink);
        int lines = 5_000;
        for (int i = 0; i < lines; i++) {
            chain.log("line " + i);
        }
        Await.until("every line is written", () -> sink.text().endsWith("line " + (lines - 1) + "\n"));
        chain.stop();

        String[] written = sink.text().split("\n");
        assertThat(written.length, is(lines));
        for (int i = 0; i < lines; i++) {
            assertThat(written[i], is("line " + i));
        }
        assertThat("writes for " + lines + " lines", sink.writes.get(), lessThan(lines / 20));
    }

    @Test
    void aLoneLineIsWrittenWithoutAnotherAfterIt() {
        Sink sink = new Sink();
        Chain chain = new Chain(sink);
        chain.log("first");
        Await.until("the first line is written", () -> sink.text().equals("first\n"));
        chain.log("second");
        Await.until("the second line is written", () -> sink.text().equals("first\nsecond\n"));
        chain.stop();
        assertThat(sink.text(), endsWith("second\n"));
    }

    @Test
    void stoppingWritesWhatTheBufferHolds() {
        Sink sink = new Sink();
        // a linger far longer than the test: only stopping can write the line
        LoggerContext context = context();
        BatchedStdout appender = new BatchedStdout(backlogOf(0), sink, 60_000_000_000L);
        appender.setContext(context);
        appender.setEncoder(encoder(context));
        appender.start();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                appender.doAppend(new LoggingEvent("test", context.getLogger("test"), Level.INFO, "held", null, null));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Await.until("the writer lingers", () -> writer.getState() == Thread.State.TIMED_WAITING);
        assertThat("nothing written while the line is buffered", sink.text(), is(""));
        writer.interrupt(); // as the asynchronous appender's stop does
        Await.until("the writer returns", () -> !writer.isAlive());
        appender.stop();
        assertThat(sink.text(), is("held\n"));
        assertThat(failure.get() == null, is(true));
    }

    @Test
    void whileLinesKeepComingTheBatchIsFlushedOnceItsOldestLineIsOldEnough() {
        Sink sink = new Sink();
        LoggerContext context = context();
        AtomicLong now = new AtomicLong(1_000_000_000L);
        long maxAge = 50_000_000L;
        // the queue never runs dry (a line every little while, less than a linger apart): the writer never lingers
        BatchedStdout appender = new BatchedStdout(backlogOf(1), sink, BatchedStdout.LINGER_NANOS, maxAge, now::get);
        appender.setContext(context);
        appender.setEncoder(encoder(context));
        appender.start();
        appender.doAppend(new LoggingEvent("test", context.getLogger("test"), Level.INFO, "one", null, null));
        now.addAndGet(maxAge - 1);
        appender.doAppend(new LoggingEvent("test", context.getLogger("test"), Level.INFO, "two", null, null));
        assertThat("younger than the cap: still buffered", sink.text(), is(""));
        now.addAndGet(1);
        appender.doAppend(new LoggingEvent("test", context.getLogger("test"), Level.INFO, "three", null, null));
        assertThat("the oldest line reached the cap: the batch is written", sink.text(), is("one\ntwo\nthree\n"));
        // the next batch counts its age from its own first line
        now.addAndGet(maxAge / 2);
        appender.doAppend(new LoggingEvent("test", context.getLogger("test"), Level.INFO, "four", null, null));
        now.addAndGet(maxAge / 2);
        appender.doAppend(new LoggingEvent("test", context.getLogger("test"), Level.INFO, "five", null, null));
        assertThat(sink.text(), is("one\ntwo\nthree\n"));
        now.addAndGet(maxAge / 2);
        appender.doAppend(new LoggingEvent("test", context.getLogger("test"), Level.INFO, "six", null, null));
        assertThat(sink.text(), is("one\ntwo\nthree\nfour\nfive\nsix\n"));
        appender.stop();
    }

    /** A backlog that always reports {@code unwritten} lines not yet written. */
    private static BatchedStdout.Backlog backlogOf(int unwritten) {
        return new BatchedStdout.Backlog() {
            @Override
            public int unwritten() {
                return unwritten;
            }

            @Override
            public void written() {
            }
        };
    }

    private static LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        return encoder;
    }

    /** The asynchronous appender and the batching writer behind it, as the service sets them up. */
    private static final class Chain {
        private final LoggerContext context = context();
        private final CountingAsyncAppender async = new CountingAsyncAppender();

        Chain(OutputStream sink) {
            async.setContext(context);
            async.setQueueSize(JsonLogConfigurator.QUEUE_SIZE);
            async.setDiscardingThreshold(0); // this test counts lines: none dropped
            BatchedStdout out = new BatchedStdout(async, sink, BatchedStdout.LINGER_NANOS);
            out.setContext(context);
            out.setEncoder(encoder(context));
            out.start();
            async.addAppender(out);
            async.start();
        }

        void log(String message) {
            async.doAppend(new LoggingEvent("test", context.getLogger("test"), Level.INFO, message, null, null));
        }

        void stop() {
            async.stop();
        }
    }

    /** Counts the writes that reach it, as stdout's file would see them. */
    private static final class Sink extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final AtomicInteger writes = new AtomicInteger();

        @Override
        public synchronized void write(int b) {
            writes.incrementAndGet();
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.incrementAndGet();
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
