package io.nspsconnector.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.event.Deadline;

/**
 * One lock per IMSI, held while an event's WTL operations run, so events of one subscriber are applied one at a
 * time (first come, first served) while other subscribers run in parallel. Locks exist only while someone holds or
 * waits for them. An event with several IMSIs takes them in a fixed (sorted) order, so two events can never wait
 * for each other.
 */
public final class SubscriberLocks {

    private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();

    private static final class Entry {
        private final ReentrantLock lock = new ReentrantLock(true);
        private int users;
    }

    /** Locks held for one event; closing releases them. */
    public final class Held implements AutoCloseable {
        private final List<String> imsis = new ArrayList<>();

        @Override
        public void close() {
            for (int i = imsis.size() - 1; i >= 0; i--) {
                release(imsis.get(i), true);
            }
            imsis.clear();
        }
    }

    /**
     * Takes the locks of these IMSIs, waiting at most until the deadline.
     *
     * @param imsis    the event's IMSIs, in any order, repeats allowed
     * @param deadline the event's deadline
     * @return the held locks, to close
     * @throws ConnectorError.Unavailable if an earlier event of one of these subscribers holds it past the deadline
     */
    public Held acquire(Collection<String> imsis, Deadline deadline) {
        Held held = new Held();
        for (String imsi : new TreeSet<>(imsis)) {
            Entry entry = locks.compute(imsi, (k, e) -> {
                Entry current = e == null ? new Entry() : e;
                current.users++;
                return current;
            });
            boolean locked;
            try {
                locked = entry.lock.tryLock(deadline.remainingMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                locked = false;
            }
            if (!locked) {
                release(imsi, false);
                held.close();
                throw new ConnectorError.Unavailable("An earlier event of the same subscriber is still being applied",
                                                     "subscriber_busy");
            }
            held.imsis.add(imsi);
        }
        return held;
    }

    /** IMSIs with a lock held or awaited now. */
    public int active() {
        return locks.size();
    }

    private void release(String imsi, boolean unlock) {
        locks.compute(imsi, (k, e) -> {
            if (unlock) {
                e.lock.unlock();
            }
            return --e.users == 0 ? null : e;
        });
    }
}
