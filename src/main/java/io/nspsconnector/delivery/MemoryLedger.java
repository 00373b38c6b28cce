package io.nspsconnector.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.nspsconnector.event.Deadline;

/**
 * The ledger in this pod's memory: two Caffeine caches, each bounded in size and expiring a fixed time after the
 * last write. Applied events are weighed by the characters they hold ({@link #weight}): an entry of up to 256
 * characters (a UUID event id) counts as one of {@code maxEvents}, a longer one as several, so the bound holds in
 * bytes too whatever the ids' sizes. IMSIs have a fixed size and are counted. What falls out (evicted or expired)
 * is simply not known any more: the event is then processed as new, which repeats a full-state WTL operation at
 * worst. Lost when the process ends.
 * <p>
 * A {@link DeliveryLedger.Unit} holds the {@link SubscriberLocks} of its IMSIs, so the order is this pod's only, and
 * records what was applied when it completes or closes, still holding them: no round trips, nothing to fail.
 */
public final class MemoryLedger implements DeliveryLedger {

    /** Characters of id and operation keys that weigh one entry of {@code max-size}. */
    static final int UNIT_CHARS = 256;

    private final Cache<String, Progress> events;
    private final Cache<String, Instant> subscribers;
    private final SubscriberLocks locks;

    /**
     * With locks of its own.
     *
     * @param maxEvents      events remembered at most (see the other constructor)
     * @param eventTtl       how long an event is remembered after it was last applied to
     * @param maxSubscribers IMSIs remembered at most; 0 remembers none (no stale detection)
     * @param subscriberTtl  how long an IMSI's last applied time is remembered
     */
    public MemoryLedger(long maxEvents, Duration eventTtl, long maxSubscribers, Duration subscriberTtl) {
        this(maxEvents, eventTtl, maxSubscribers, subscriberTtl, new SubscriberLocks());
    }

    /**
     * @param maxEvents      events remembered at most (entries of up to 256 characters; a larger one counts as
     *                       several); 0 remembers none (no duplicate detection)
     * @param eventTtl       how long an event is remembered after it was last applied to
     * @param maxSubscribers IMSIs remembered at most; 0 remembers none (no stale detection)
     * @param subscriberTtl  how long an IMSI's last applied time is remembered
     * @param locks          this pod's subscriber locks, held by each unit
     */
    public MemoryLedger(long maxEvents, Duration eventTtl, long maxSubscribers, Duration subscriberTtl,
                        SubscriberLocks locks) {
        this.locks = locks;
        this.events = maxEvents == 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxEvents).weigher(MemoryLedger::weight).expireAfterWrite(eventTtl)
                // evictions done by the writing thread: the bound holds as soon as a write returns
                .executor(Runnable::run).build();
        this.subscribers = maxSubscribers == 0 ? null : Caffeine.newBuilder()
                .maximumSize(maxSubscribers).expireAfterWrite(subscriberTtl)
                // the same, and no maintenance task handed to the common pool for every write
                .executor(Runnable::run).build();
    }

    /**
     * An entry's weight: one per started {@link #UNIT_CHARS} characters it holds (its id and the keys of its applied
     * operations), so {@code maxEvents} bounds the characters held as well as the entries: an entry with a long id
     * or several operations counts as several.
     */
    static int weight(String eventId, Progress progress) {
        long chars = eventId.length();
        for (String op : progress.appliedOps()) {
            chars += op.length();
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (chars + UNIT_CHARS - 1) / UNIT_CHARS));
    }

    @Override
    public Progress progress(String eventId) {
        Progress progress = events == null ? null : events.getIfPresent(eventId);
        return progress == null ? Progress.NONE : progress;
    }

    @Override
    public Unit begin(String eventId, List<String> imsis, Deadline deadline) {
        SubscriberLocks.Held held = locks.acquire(imsis, deadline);
        return new MemoryUnit(eventId, held, progress(eventId));
    }

    /** The subscriber locks the units hold. */
    public SubscriberLocks locks() {
        return locks;
    }

    /**
     * A unit in memory: the locks held; what WTL applied is kept in the unit and written to the caches once, by
     * {@link #complete()} or {@link #close()}, while the locks are still held (so the next unit of these subscribers
     * reads it). An event applied in full is then one write, not one per operation and another to complete it.
     */
    private final class MemoryUnit implements Unit {
        private final String eventId;
        private final SubscriberLocks.Held held;
        private final Progress progress;
        /** Operation keys, then IMSI and creation time, applied and not yet recorded: usually one of each. */
        private List<String> ops;
        private List<Object> times;
        private boolean completed;

        MemoryUnit(String eventId, SubscriberLocks.Held held, Progress progress) {
            this.eventId = eventId;
            this.held = held;
            this.progress = progress;
        }

        @Override
        public Progress progress() {
            return progress;
        }

        @Override
        public Optional<Instant> lastApplied(String imsi) {
            return MemoryLedger.this.lastApplied(imsi);
        }

        @Override
        public void applied(String opKey, String imsi, Optional<Instant> createdAt) {
            if (ops == null) {
                ops = new ArrayList<>(2);
            }
            ops.add(opKey);
            if (createdAt.isPresent()) {
                if (times == null) {
                    times = new ArrayList<>(2);
                }
                times.add(imsi);
                times.add(createdAt.get());
            }
        }

        @Override
        public void complete() {
            eventApplied(eventId);
            completed = true;
            recordTimes();
        }

        @Override
        public void close() {
            try {
                if (!completed) {
                    if (ops != null) {
                        operationsApplied(eventId, ops);
                    }
                    recordTimes();
                }
            } finally {
                held.close();
            }
        }

        private void recordTimes() {
            if (times != null) {
                for (int i = 0; i < times.size(); i += 2) {
                    subscriberApplied((String) times.get(i), (Instant) times.get(i + 1));
                }
                times = null;
            }
        }
    }

    private void operationsApplied(String eventId, List<String> opKeys) {
        if (events == null) {
            return;
        }
        events.asMap().compute(eventId, (id, current) -> {
            if (current != null && current.complete()) {
                return current;
            }
            Set<String> ops = new HashSet<>(current == null ? Set.of() : current.appliedOps());
            ops.addAll(opKeys);
            return new Progress(false, ops);
        });
    }

    /** Records an event as applied in full (the units and the weight test). */
    void eventApplied(String eventId) {
        if (events == null) {
            return;
        }
        events.put(eventId, Progress.COMPLETE);
    }

    /**
     * @param imsi IMSI
     * @return creation time of the newest event applied to it, if remembered
     */
    public Optional<Instant> lastApplied(String imsi) {
        return subscribers == null ? Optional.empty() : Optional.ofNullable(subscribers.getIfPresent(imsi));
    }

    private void subscriberApplied(String imsi, Instant createdAt) {
        if (subscribers == null) {
            return;
        }
        subscribers.asMap().merge(imsi, createdAt, (old, now) -> now.isAfter(old) ? now : old);
    }

    /** Events remembered now (approximate). */
    public long eventCount() {
        return events == null ? 0 : events.estimatedSize();
    }

    /** IMSIs remembered now (approximate). */
    public long subscriberCount() {
        return subscribers == null ? 0 : subscribers.estimatedSize();
    }
}
