package io.nspsconnector.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a state that has no event to block on, by polling it against a deadline: returns as soon as the
 * condition holds and fails the test with what it waited for once the deadline passes. The pause between two polls
 * only spaces the probes; it is never what the test relies on.
 */
public final class Await {

    /** The deadline when a test does not name one. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(20);
    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(5);

    private Await() {
    }

    /**
     * Polls until the condition holds, for at most {@link #DEFAULT_LIMIT}.
     *
     * @param what      what is awaited, for the failure message
     * @param condition the state to reach
     */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT_LIMIT, condition);
    }

    /**
     * Polls until the condition holds.
     *
     * @param what      what is awaited, for the failure message
     * @param limit     the deadline
     * @param condition the state to reach
     */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        until(what, limit, DEFAULT_INTERVAL, condition);
    }

    /**
     * Polls until the condition holds, probing at most once per interval (for probes that cost, like a scrape).
     *
     * @param what      what is awaited, for the failure message
     * @param limit     the deadline
     * @param interval  the pause between two probes
     * @param condition the state to reach
     */
    public static void until(String what, Duration limit, Duration interval, BooleanSupplier condition) {
        value(what, limit, interval, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    /**
     * Polls until the probe finds a value, for at most the given time, and returns it.
     *
     * @param what  what is awaited, for the failure message
     * @param limit the deadline
     * @param probe the value once it exists, else empty
     * @param <T>   the value's type
     * @return the value found
     */
    public static <T> T value(String what, Duration limit, Supplier<Optional<T>> probe) {
        return value(what, limit, DEFAULT_INTERVAL, probe);
    }

    private static <T> T value(String what, Duration limit, Duration interval, Supplier<Optional<T>> probe) {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + limit + " waiting for: " + what);
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }
}
