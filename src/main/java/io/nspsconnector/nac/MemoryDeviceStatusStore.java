package io.nspsconnector.nac;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The device status store in the pod's memory, bounded, lost at a restart: the default, for one pod.
 *
 * <p>Applying a notification is one step under one lock: recognise a re-delivery, then {@link DeviceMerge} over the
 * records held, then keep what it changed. An index from alias to key finds a record by its aliases.
 *
 * <p>Bounds: at most {@code maxDevices} records (the least recently updated goes first), weighed by what they
 * hold: a record of up to {@link DeviceRecord#UNIT_CHARS} characters (keys, aliases, subscriptions, identifiers)
 * counts as one, a larger one as several, so the bound holds in bytes whatever the identifiers' sizes;
 * {@code maxIds} remembered notification ids (each of bounded size, see {@link Notification#dedupeKey()}), a few
 * subscriptions and aliases per device. Notifications are rare (a few per device and hour), so one lock is simpler
 * than finer locking and never the bottleneck.
 */
public final class MemoryDeviceStatusStore implements DeviceStatusStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final int maxDevices;
    /** Sum of the records' weights, at most {@code maxDevices} after every apply. */
    private long units;
    private final Map<String, String> aliases = new HashMap<>();
    private final LinkedHashMap<String, DeviceRecord> devices;
    private final LinkedHashMap<String, Instant> seen;
    private final Duration dedupeWindow;
    /** The time of the notification being applied, for evicting expired ids with the same clock. */
    private Instant now = Instant.EPOCH;
    private final DeviceMerge.Records records = new DeviceMerge.Records() {
        @Override
        public DeviceRecord byKey(String key) {
            return devices.get(key);
        }

        @Override
        public DeviceRecord byAlias(String alias) {
            String key = aliases.get(alias);
            return key == null ? null : devices.get(key);
        }
    };

    /**
     * @param maxDevices   records kept; the least recently updated is dropped beyond
     * @param maxIds       notification ids remembered
     * @param dedupeWindow how long an id is remembered
     */
    public MemoryDeviceStatusStore(int maxDevices, int maxIds, Duration dedupeWindow) {
        this.dedupeWindow = dedupeWindow;
        this.maxDevices = maxDevices;
        this.devices = new LinkedHashMap<>(16, 0.75f, false);
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > maxIds || expired(eldest.getValue(), now);
            }
        };
    }

    @Override
    public Result apply(Notification n, Instant receivedAt) {
        lock.lock();
        try {
            now = receivedAt;
            Instant seenAt = seen.get(n.dedupeKey());
            if (seenAt != null && !expired(seenAt, receivedAt)) {
                return new Result(Outcome.DUPLICATE, null, null);
            }
            DeviceMerge.Step step = DeviceMerge.apply(n, receivedAt, records);
            if (step.updated() != null) {
                keep(step);
            }
            remember(n, receivedAt);
            return step.result();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<DeviceStatus> get(String key) {
        lock.lock();
        try {
            return Optional.ofNullable(devices.get(key)).map(DeviceRecord::view);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Page page(int offset, int limit) {
        List<DeviceRecord> all;
        lock.lock();
        try {
            all = new ArrayList<>(devices.values());
            all.sort(Comparator.comparing(r -> r.key().value()));
            int from = Math.min(offset, all.size());
            List<DeviceStatus> page = all.subList(from, Math.min(all.size(), from + limit)).stream()
                    .map(DeviceRecord::view).toList();
            return new Page(all.size(), page);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return devices.size();
        } finally {
            lock.unlock();
        }
    }

    /** Keeps what a step changed: records gone, aliases moved or dropped, the updated record as the newest. */
    private void keep(DeviceMerge.Step step) {
        step.removedKeys().forEach(this::take);
        step.droppedAliases().forEach(aliases::remove);
        for (DeviceRecord other : step.unlinked()) {
            units -= other.units;
            other.units = other.weight();
            units += other.units;
        }
        DeviceRecord updated = step.updated();
        take(updated.key().value());
        updated.aliases().forEach(a -> aliases.put(a, updated.key().value()));
        put(updated); // most recently updated last, evicted last
    }

    /** Removes a record from the map and its weight from the total. */
    private void take(String key) {
        DeviceRecord r = devices.remove(key);
        if (r != null) {
            units -= r.units;
        }
    }

    /** Adds a record as the most recent, then drops the least recently updated ones while over the bound. */
    private void put(DeviceRecord record) {
        record.units = record.weight();
        units += record.units;
        devices.put(record.key().value(), record);
        Iterator<DeviceRecord> eldest = devices.values().iterator();
        while (units > maxDevices && eldest.hasNext()) {
            DeviceRecord r = eldest.next();
            if (r == record) {
                break;
            }
            eldest.remove();
            units -= r.units;
            r.aliases().forEach(a -> aliases.remove(a, r.key().value()));
        }
    }

    private void remember(Notification n, Instant receivedAt) {
        seen.remove(n.dedupeKey());
        seen.put(n.dedupeKey(), receivedAt);
    }

    private boolean expired(Instant seenAt, Instant now) {
        return seenAt.plus(dedupeWindow).isBefore(now);
    }
}
