package io.nspsconnector.delivery;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.event.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Tracks the events in flight so that a stopping pod can finish them. Once {@link #drain} starts, readiness
 * reports DOWN, a new event is answered 503 (NSPS delivers it again, to another pod or later), and the events in
 * flight get their deadline brought forward to the grace period, so each of them is answered before the process
 * exits: 202 if WTL applied it in time, else 503.
 */
public final class Drain {

    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    /** Kept free at the end of the grace period to write the last answers. */
    private static final Duration ANSWER_MARGIN = Duration.ofMillis(500);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private final Set<Deadline> inFlight = new HashSet<>();
    private boolean draining;
    private Duration cap;

    /**
     * Admits one event.
     *
     * @param budget the event's time budget
     * @return its deadline, to hand back to {@link #leave}
     * @throws ConnectorError.Unavailable when draining
     */
    public Deadline enter(Duration budget) {
        lock.lock();
        try {
            if (draining) {
                throw new ConnectorError.Unavailable("The connector is shutting down: deliver the event again",
                                                     "shutting_down");
            }
            Deadline deadline = Deadline.in(budget);
            inFlight.add(deadline);
            return deadline;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks an event as answered.
     *
     * @param deadline what {@link #enter} returned
     */
    public void leave(Deadline deadline) {
        lock.lock();
        try {
            inFlight.remove(deadline);
            if (inFlight.isEmpty()) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the pod is shutting down. */
    public boolean draining() {
        lock.lock();
        try {
            return draining;
        } finally {
            lock.unlock();
        }
    }

    /** Events in flight now. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops admitting events and waits for those in flight, at most the grace period.
     *
     * @param grace time the in-flight events may take
     * @return true if every event was answered in time
     */
    public boolean drain(Duration grace) {
        long end = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            draining = true;
            cap = grace.compareTo(ANSWER_MARGIN.multipliedBy(2)) > 0 ? grace.minus(ANSWER_MARGIN) : grace.dividedBy(2);
            int waiting = inFlight.size();
            inFlight.forEach(d -> d.shortenTo(cap));
            LOG.info("Shutting down: not ready, new events refused, finishing the events in flight",
                     kv("in_flight", waiting), kv("grace_ms", grace.toMillis()));
            while (!inFlight.isEmpty()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("Grace period over: events still in flight are cut off without a 2xx",
                             kv("in_flight", inFlight.size()));
                    return false;
                }
                idle.awaitNanos(left);
            }
            LOG.info("Every event in flight was answered");
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return inFlight.isEmpty();
        } finally {
            lock.unlock();
        }
    }
}
