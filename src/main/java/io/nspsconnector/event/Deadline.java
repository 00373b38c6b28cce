package io.nspsconnector.event;

import java.time.Duration;

/**
 * The moment by which an event must be answered, retries included, so NSPS always gets an answer in time.
 * A deadline can be brought forward (never pushed back): a pod that is shutting down shortens the deadlines of the
 * events in flight to its grace period, so they are answered before the process exits.
 */
public final class Deadline {

    private volatile long atNanos;

    private Deadline(long atNanos) {
        this.atNanos = atNanos;
    }

    /**
     * A deadline this long from now.
     *
     * @param budget time allowed
     * @return the deadline
     */
    public static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /**
     * Brings the deadline forward to at most this far from now; a later moment leaves it as it is.
     *
     * @param budget time left at most
     */
    public synchronized void shortenTo(Duration budget) {
        long cap = System.nanoTime() + budget.toNanos();
        if (cap - atNanos < 0) {
            atNanos = cap;
        }
    }

    /** Nanoseconds left, never negative. */
    public long remainingNanos() {
        return Math.max(0, atNanos - System.nanoTime());
    }

    /** Milliseconds left, never negative. */
    public long remainingMillis() {
        return Math.max(0, (atNanos - System.nanoTime()) / 1_000_000);
    }
}
