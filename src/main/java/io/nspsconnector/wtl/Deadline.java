package io.nspsconnector.wtl;

import java.time.Duration;

/**
 * The moment by which an event must be answered, retries included, so NSPS always gets an answer in time.
 *
 * @param atNanos {@link System#nanoTime()} value of the deadline
 */
public record Deadline(long atNanos) {

    /**
     * A deadline this long from now.
     *
     * @param budget time allowed
     * @return the deadline
     */
    public static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    /** Milliseconds left, never negative. */
    public long remainingMillis() {
        return Math.max(0, (atNanos - System.nanoTime()) / 1_000_000);
    }
}
