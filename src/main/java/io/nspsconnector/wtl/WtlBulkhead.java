package io.nspsconnector.wtl;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.event.Deadline;
import io.nspsconnector.metrics.ConnectorMetrics;

/**
 * Bounds concurrent WTL attempts. A call waits for a slot at most until its event's deadline (and only while fewer
 * than {@code queue} calls wait), so a WTL that holds every slot makes new events answer 503 in time instead of
 * hanging; slots are handed out in arrival order.
 */
final class WtlBulkhead {

    private final int limit;
    private final int queue;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ConnectorMetrics metrics;

    WtlBulkhead(int limit, int queue, ConnectorMetrics metrics) {
        this.limit = limit;
        this.queue = queue;
        this.slots = new Semaphore(limit, true);
        this.metrics = metrics;
    }

    /**
     * Takes a slot, waiting at most until the deadline.
     *
     * @param deadline the event's deadline
     * @throws ConnectorError.WtlUnavailable when the queue is full or the deadline passes first
     */
    void enter(Deadline deadline) {
        try {
            if (slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return;
            }
            if (waiting.incrementAndGet() > queue) {
                waiting.decrementAndGet();
                metrics.wtlBulkheadRejected("queue_full");
                throw new ConnectorError.WtlUnavailable("Too many concurrent WTL calls");
            }
            boolean acquired;
            try {
                acquired = slots.tryAcquire(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
            } finally {
                waiting.decrementAndGet();
            }
            if (!acquired) {
                metrics.wtlBulkheadRejected("deadline");
                throw new ConnectorError.WtlUnavailable("Too many concurrent WTL calls");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorError.WtlUnavailable("Too many concurrent WTL calls");
        }
    }

    /** Gives the slot back. */
    void leave() {
        slots.release();
    }

    /** Slots taken now. */
    int inUse() {
        return limit - slots.availablePermits();
    }

    /** Calls waiting for a slot now. */
    int waiting() {
        return waiting.get();
    }
}
