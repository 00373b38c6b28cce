package io.nspsconnector.logging;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

/**
 * Writes the JSON lines to stdout in batches, on the asynchronous appender's writer thread (its only caller).
 * <p>
 * Lines gather in a buffer ({@link #BUFFER_BYTES}). When the line just written was the last one logged (the
 * asynchronous appender holds none in its queue nor in the batch its writer took), the writer lingers briefly
 * ({@link #LINGER_NANOS}) before it looks again: the lines logged meanwhile join the batch, and the request threads
 * that queue them find no writer to wake. Only when none came is the buffer flushed. Under load that is one write
 * per buffer's worth of lines and no wake-up per line; at a trickle, each line reaches stdout about a linger after
 * it was logged; a full buffer goes out at once either way. While lines keep coming, never quite a linger apart, the
 * buffer is also flushed once its oldest line has waited {@link #MAX_AGE_NANOS}: no line waits for the buffer to fill
 * at a few hundred lines a second. Nothing is lost on a shutdown: stopping flushes what the buffer holds.
 */
final class BatchedStdout extends OutputStreamAppender<ILoggingEvent> {

    /** Bytes of lines gathered before a write, when the batch is larger. */
    static final int BUFFER_BYTES = 64 * 1024;
    /** How long the writer waits for more lines once the queue is empty, before it flushes. */
    static final long LINGER_NANOS = 2_000_000;
    /** The longest a line waits in the buffer while more keep coming. */
    static final long MAX_AGE_NANOS = 50_000_000;

    /** The lines the asynchronous appender was given and this writer has not written yet. */
    interface Backlog {
        /** @return lines logged and not yet written (queued, or taken by the writer and not yet written) */
        int unwritten();

        /** One more line written. */
        void written();
    }

    private final Backlog backlog;
    private final long lingerNanos;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    /** Whether the buffer holds lines not flushed yet, and when the oldest of them was written into it. */
    private boolean pending;
    private long oldestNanos;

    /**
     * @param backlog the asynchronous appender's lines not yet written
     */
    BatchedStdout(Backlog backlog) {
        this(backlog, new Stdout(), LINGER_NANOS);
    }

    /**
     * @param backlog     the asynchronous appender's lines not yet written
     * @param sink        where the batches go
     * @param lingerNanos how long to wait for more lines before a flush
     */
    BatchedStdout(Backlog backlog, OutputStream sink, long lingerNanos) {
        this(backlog, sink, lingerNanos, MAX_AGE_NANOS, System::nanoTime);
    }

    /**
     * @param backlog     the asynchronous appender's lines not yet written
     * @param sink        where the batches go
     * @param lingerNanos how long to wait for more lines before a flush
     * @param maxAgeNanos the longest a line waits in the buffer while more keep coming
     * @param clock       nanosecond clock
     */
    BatchedStdout(Backlog backlog, OutputStream sink, long lingerNanos, long maxAgeNanos, LongSupplier clock) {
        this.backlog = backlog;
        this.lingerNanos = lingerNanos;
        this.maxAgeNanos = maxAgeNanos;
        this.clock = clock;
        setImmediateFlush(false);
        setOutputStream(new BufferedOutputStream(sink, BUFFER_BYTES));
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        try {
            super.subAppend(event);
        } finally {
            backlog.written();
        }
        long now = clock.getAsLong();
        if (!pending) {
            pending = true;
            oldestNanos = now;
        }
        if (backlog.unwritten() > 0) {
            // more lines are coming: the writer passes them on next, into the same batch, unless it is old enough
            // (after the buffer wrote itself out when full, the age still counts from the line before: one flush
            // comes early, none late)
            if (now - oldestNanos >= maxAgeNanos) {
                flush();
            }
            return;
        }
        LockSupport.parkNanos(lingerNanos);
        if (backlog.unwritten() == 0 || clock.getAsLong() - oldestNanos >= maxAgeNanos) {
            flush();
        }
    }

    private void flush() {
        pending = false;
        streamWriteLock.lock();
        try {
            OutputStream out = getOutputStream();
            if (out != null && isStarted()) {
                out.flush();
            }
        } catch (IOException e) {
            addError("Could not flush the log lines to stdout", e);
        } finally {
            streamWriteLock.unlock();
        }
    }

    /**
     * The process's stdout as it is when a batch is written ({@link System#out}); closing it only flushes: stdout
     * stays open for whatever is written after logging stopped.
     */
    private static final class Stdout extends OutputStream {
        @Override
        public void write(int b) {
            System.out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            System.out.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            System.out.flush();
        }

        @Override
        public void close() {
            System.out.flush();
        }
    }
}
