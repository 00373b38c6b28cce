package io.nspsconnector.wtl;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.nspsconnector.event.Deadline;

/**
 * Enforces the total time of each WTL attempt, which a socket read timeout does not bound (docs/rationale.md,
 * "Every wait is bounded by the event's deadline"). Each attempt registers here with its time budget and its
 * event's {@link Deadline}; one shared thread looks at the running attempts every few milliseconds and closes the
 * connection of any attempt whose budget is spent or whose deadline passed (a deadline brought forward by a shutdown
 * included). The blocked read then fails, and the attempt counts as a timeout.
 */
final class AttemptWatchdog implements AutoCloseable {

    /** How often the running attempts are looked at: the precision of the cut. */
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int CUT = 2;

    private final Set<Guard> running = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean parked;
    private volatile boolean closed;

    AttemptWatchdog() {
        thread = Thread.ofPlatform().daemon().name("wtl-attempt-watchdog").unstarted(this::run);
        thread.start();
    }

    /**
     * Starts watching one attempt.
     *
     * @param deadline    the event's deadline (may be brought forward while the attempt runs)
     * @param budgetNanos the attempt's own time budget from now
     * @return the guard, to {@link Guard#finish()} when the attempt is over
     */
    Guard start(Deadline deadline, long budgetNanos) {
        Guard guard = new Guard(deadline, System.nanoTime() + budgetNanos);
        running.add(guard);
        if (parked) {
            LockSupport.unpark(thread);
        }
        return guard;
    }

    /** Attempts being watched now. */
    int running() {
        return running.size();
    }

    private void run() {
        while (!closed) {
            if (running.isEmpty()) {
                parked = true;
                // checked again after announcing the park: a start() in between either is seen here or unparks us
                if (running.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
                continue;
            }
            long now = System.nanoTime();
            for (Guard guard : running) {
                if (guard.due(now)) {
                    guard.cutNow();
                }
            }
            LockSupport.parkNanos(this, TICK_NANOS);
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    /** One watched attempt. */
    final class Guard {
        private final Deadline deadline;
        private final long endNanos;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private volatile Closeable target;

        private Guard(Deadline deadline, long endNanos) {
            this.deadline = deadline;
            this.endNanos = endNanos;
        }

        /** Time left to this attempt: its own budget or the event's deadline, whichever comes first. */
        long remainingNanos() {
            return Math.max(0, Math.min(endNanos - System.nanoTime(), deadline.remainingNanos()));
        }

        /**
         * Names what to close when the time is up (the attempt's connection or socket); closed at once if the time
         * is up already.
         *
         * @param closeable connection or socket of the attempt
         */
        void watch(Closeable closeable) {
            target = closeable;
            if (state.get() == CUT) {
                closeQuietly(closeable);
            }
        }

        /** Whether the watchdog cut this attempt. */
        boolean cut() {
            return state.get() == CUT;
        }

        /**
         * Stops watching.
         *
         * @return true if the attempt finished before it was cut
         */
        boolean finish() {
            running.remove(this);
            return state.compareAndSet(RUNNING, FINISHED) || state.get() == FINISHED;
        }

        private boolean due(long now) {
            return now - endNanos >= 0 || deadline.remainingNanos() == 0;
        }

        private void cutNow() {
            if (state.compareAndSet(RUNNING, CUT)) {
                running.remove(this);
                Closeable closeable = target;
                if (closeable != null) {
                    closeQuietly(closeable);
                }
            }
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // closing to unblock a read: nothing more to do
        }
    }
}
