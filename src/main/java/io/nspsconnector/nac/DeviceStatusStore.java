package io.nspsconnector.nac;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The latest status of every device Network as Code reports on, in memory and bounded.
 *
 * <p>Applying a notification is one step under one lock: recognise a re-delivery (same {@code source} and
 * {@code id} within the dedupe window), find the device record, drop the event if it is older than what the
 * record holds for the same aspect (connectivity or roaming; equal times: the later arrival wins), then update.
 * A device is found by its own key (phone number, else network access identifier, else IPv4 address, else IPv6),
 * else by its subscription id or any identifier seen before on a record; a notification naming no device is
 * thereby resolved through its subscription. When a record first created under a weaker key (say, a bare
 * subscription id) later meets a stronger one, it is re-keyed or merged into the stronger record.
 *
 * <p>Bounds: at most {@code maxDevices} records (the least recently updated goes first), weighed by what they
 * hold: a record of up to {@link #UNIT_CHARS} characters (keys, aliases, subscriptions, identifiers) counts as one,
 * a larger one as several, so the bound holds in bytes whatever the identifiers' sizes; {@code maxIds} remembered
 * notification ids (each of bounded size, see {@link Notification#dedupeKey()}), a few subscriptions and aliases
 * per device. Notifications are rare (a few per
 * device and hour), so one lock is simpler than finer locking and never the bottleneck.
 */
public final class DeviceStatusStore {

    /** What became of a notification. */
    public enum Outcome {
        /** The status was updated. */
        APPLIED("accepted"),
        /** Seen before (same source and id): not applied again. */
        DUPLICATE("duplicate"),
        /** Older than the stored state of the same aspect: dropped. */
        STALE("stale"),
        /** A type this receiver does not handle: nothing stored. */
        UNKNOWN_TYPE("unknown_type");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        /** Label for metrics and logs. */
        public String label() {
            return label;
        }
    }

    /**
     * @param outcome what happened
     * @param key     the device concerned, when one was resolved
     * @param aspect  {@code connectivity}, {@code roaming} or {@code subscription}, when one was concerned
     */
    public record Result(Outcome outcome, DeviceKey key, String aspect) {
    }

    /**
     * @param total   devices in the store
     * @param devices the requested page, ordered by key
     */
    public record Page(int total, List<DeviceStatus> devices) {
    }

    private static final int MAX_ALIASES_PER_DEVICE = 32;
    private static final int MAX_SUBSCRIPTIONS_PER_DEVICE = 16;

    /** Characters of one record that count as one of {@code maxDevices}. */
    static final int UNIT_CHARS = 512;

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

    /**
     * @param maxDevices   records kept; the least recently updated is dropped beyond
     * @param maxIds       notification ids remembered
     * @param dedupeWindow how long an id is remembered
     */
    public DeviceStatusStore(int maxDevices, int maxIds, Duration dedupeWindow) {
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

    /**
     * Applies one notification.
     *
     * @param n          the notification
     * @param receivedAt now
     * @return what happened
     */
    public Result apply(Notification n, Instant receivedAt) {
        lock.lock();
        try {
            now = receivedAt;
            Instant seenAt = seen.get(n.dedupeKey());
            if (seenAt != null && !expired(seenAt, receivedAt)) {
                return new Result(Outcome.DUPLICATE, null, null);
            }
            if (n.change() instanceof Notification.Unknown) {
                remember(n, receivedAt);
                return new Result(Outcome.UNKNOWN_TYPE, null, null);
            }
            String aspect = switch (n.change()) {
                case Notification.Connectivity c -> "connectivity";
                case Notification.Roaming r -> "roaming";
                default -> "subscription";
            };
            Optional<DeviceKey> own = n.device().key();
            List<DeviceRecord> found = candidates(n, own);
            DeviceRecord target;
            if (own.isPresent() && own.get().kind() == DeviceKey.Kind.PHONE_NUMBER) {
                // a phone number is authoritative: its own record (or a new one), never another number's
                target = devices.get(own.get().value());
            } else {
                target = found.stream().min(Comparator.comparingInt(r -> r.key.kind().ordinal())).orElse(null);
            }
            if (target != null && target.isNewer(aspect, n.time())) {
                remember(n, receivedAt);
                return new Result(Outcome.STALE, target.key, aspect);
            }

            if (target == null) {
                target = new DeviceRecord(own.orElseGet(() -> new DeviceKey(DeviceKey.Kind.SUBSCRIPTION,
                                                                            n.subscriptionId())));
            } else if (own.isPresent() && own.get().strongerThan(target.key)) {
                take(target.key.value());
                target.key = own.get();
                target.aliases.forEach(a -> aliases.put(a, own.get().value()));
            }
            for (DeviceRecord other : found) {
                if (other != target && target.key.strongerThan(other.key)) {
                    take(other.key.value());
                    target.absorb(other);
                    String into = target.key.value();
                    other.aliases.forEach(a -> aliases.replace(a, other.key.value(), into));
                }
            }
            DeviceRecord updated = target;
            updated.apply(n, receivedAt);
            take(updated.key.value());
            if (n.subscriptionId() != null) {
                link(updated, "sub:" + n.subscriptionId());
            }
            n.device().aliases().forEach(a -> link(updated, a));
            put(updated); // most recently updated last, evicted last
            remember(n, receivedAt);
            return new Result(Outcome.APPLIED, updated.key, aspect);
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param key device key as shown in the views
     * @return the device's status
     */
    public Optional<DeviceStatus> get(String key) {
        lock.lock();
        try {
            return Optional.ofNullable(devices.get(key)).map(DeviceRecord::view);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A page of devices ordered by key.
     *
     * @param offset devices to skip
     * @param limit  most devices to return
     * @return the page and the total
     */
    public Page page(int offset, int limit) {
        List<DeviceRecord> all;
        lock.lock();
        try {
            all = new ArrayList<>(devices.values());
            all.sort(Comparator.comparing(r -> r.key.value()));
            int from = Math.min(offset, all.size());
            List<DeviceStatus> page = all.subList(from, Math.min(all.size(), from + limit)).stream()
                    .map(DeviceRecord::view).toList();
            return new Page(all.size(), page);
        } finally {
            lock.unlock();
        }
    }

    /** Devices currently held. */
    public int size() {
        lock.lock();
        try {
            return devices.size();
        } finally {
            lock.unlock();
        }
    }

    private List<DeviceRecord> candidates(Notification n, Optional<DeviceKey> own) {
        List<DeviceRecord> found = new ArrayList<>();
        own.map(k -> devices.get(k.value())).ifPresent(found::add);
        List<String> lookups = new ArrayList<>();
        if (n.subscriptionId() != null) {
            lookups.add("sub:" + n.subscriptionId());
        }
        lookups.addAll(n.device().aliases());
        for (String alias : lookups) {
            String key = aliases.get(alias);
            DeviceRecord r = key == null ? null : devices.get(key);
            if (r != null && !found.contains(r)) {
                found.add(r);
            }
        }
        return found;
    }

    private void link(DeviceRecord record, String alias) {
        aliases.put(alias, record.key.value());
        record.aliases.remove(alias);
        record.aliases.add(alias);
        if (record.aliases.size() > MAX_ALIASES_PER_DEVICE) {
            Iterator<String> oldest = record.aliases.iterator();
            String dropped = oldest.next();
            oldest.remove();
            aliases.remove(dropped, record.key.value());
        }
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
        devices.put(record.key.value(), record);
        Iterator<DeviceRecord> eldest = devices.values().iterator();
        while (units > maxDevices && eldest.hasNext()) {
            DeviceRecord r = eldest.next();
            if (r == record) {
                break;
            }
            eldest.remove();
            units -= r.units;
            unlinkAliases(r);
        }
    }

    private void unlinkAliases(DeviceRecord record) {
        record.aliases.forEach(a -> aliases.remove(a, record.key.value()));
    }

    private void remember(Notification n, Instant receivedAt) {
        seen.remove(n.dedupeKey());
        seen.put(n.dedupeKey(), receivedAt);
    }

    private boolean expired(Instant seenAt, Instant now) {
        return seenAt.plus(dedupeWindow).isBefore(now);
    }

    /** Mutable state of one device; only touched under the store's lock. */
    private static final class DeviceRecord {
        private DeviceKey key;
        private Device device = Device.NONE;
        private ConnectivityStatus connectivity;
        private Instant connectivityTime;
        private Boolean roaming;
        private Integer countryCode;
        private List<String> countryName = List.of();
        private Instant roamingTime;
        private final LinkedHashMap<String, DeviceStatus.Subscription> subscriptions = new LinkedHashMap<>();
        private final LinkedHashSet<String> aliases = new LinkedHashSet<>();
        private Instant lastEventTime;
        private String lastEventId;
        private Instant lastReceived;
        /** Weight counted in the store's total while the record is in the map. */
        private int units;

        DeviceRecord(DeviceKey key) {
            this.key = key;
        }

        /** One per started {@link #UNIT_CHARS} characters held. */
        int weight() {
            long chars = key.value().length() + length(lastEventId);
            for (String alias : aliases) {
                chars += alias.length();
            }
            for (DeviceStatus.Subscription sub : subscriptions.values()) {
                chars += length(sub.id()) + length(sub.reason()) + length(sub.description());
            }
            for (String name : countryName) {
                chars += name.length();
            }
            chars += length(device.phoneNumber()) + length(device.networkAccessIdentifier())
                    + length(device.ipv6Address());
            if (device.ipv4() != null) {
                chars += length(device.ipv4().publicAddress()) + length(device.ipv4().privateAddress());
            }
            return (int) Math.max(1, (chars + UNIT_CHARS - 1) / UNIT_CHARS);
        }

        private static int length(String s) {
            return s == null ? 0 : s.length();
        }

        /** Whether the record holds a newer state of this aspect than an event at {@code time}. */
        boolean isNewer(String aspect, Instant time) {
            Instant current = switch (aspect) {
                case "connectivity" -> connectivityTime;
                case "roaming" -> roamingTime;
                default -> null; // the end of a subscription is final whenever it arrives
            };
            return current != null && current.isAfter(time);
        }

        void apply(Notification n, Instant receivedAt) {
            switch (n.change()) {
            case Notification.Connectivity c -> {
                connectivity = c.status();
                connectivityTime = n.time();
            }
            case Notification.Roaming r -> {
                roaming = r.roaming();
                if (r.countryGiven()) {
                    countryCode = r.countryCode();
                    countryName = r.countryName();
                }
                roamingTime = n.time();
            }
            case Notification.SubscriptionEnds e -> {
                subscriptions.remove(n.subscriptionId());
                addSubscription(new DeviceStatus.Subscription(n.subscriptionId(), true, e.reason(), e.description(),
                                                              n.time()));
            }
            case Notification.Unknown u -> throw new IllegalArgumentException("unknown types change nothing");
            }
            if (n.subscriptionId() != null && !subscriptions.containsKey(n.subscriptionId())) {
                addSubscription(new DeviceStatus.Subscription(n.subscriptionId(), false, null, null, null));
            }
            device = n.device().over(device);
            lastEventTime = lastEventTime == null || n.time().isAfter(lastEventTime) ? n.time() : lastEventTime;
            lastEventId = n.id();
            lastReceived = receivedAt;
        }

        /** Takes over a weaker record of the same device: newer aspects, subscriptions, identifiers. */
        void absorb(DeviceRecord other) {
            if (other.connectivityTime != null
                    && (connectivityTime == null || other.connectivityTime.isAfter(connectivityTime))) {
                connectivity = other.connectivity;
                connectivityTime = other.connectivityTime;
            }
            if (other.roamingTime != null && (roamingTime == null || other.roamingTime.isAfter(roamingTime))) {
                roaming = other.roaming;
                countryCode = other.countryCode;
                countryName = other.countryName;
                roamingTime = other.roamingTime;
            }
            other.subscriptions.forEach((id, s) -> {
                DeviceStatus.Subscription mine = subscriptions.get(id);
                if (mine == null || !mine.ended() && s.ended()) {
                    subscriptions.remove(id);
                    addSubscription(s);
                }
            });
            device = device.over(other.device);
            if (other.lastEventTime != null && (lastEventTime == null || other.lastEventTime.isAfter(lastEventTime))) {
                lastEventTime = other.lastEventTime;
            }
            aliases.addAll(other.aliases);
        }

        private void addSubscription(DeviceStatus.Subscription s) {
            subscriptions.put(s.id(), s);
            if (subscriptions.size() > MAX_SUBSCRIPTIONS_PER_DEVICE) {
                subscriptions.remove(subscriptions.keySet().iterator().next());
            }
        }

        DeviceStatus view() {
            return new DeviceStatus(key, device,
                                    connectivity == null ? null
                                            : new DeviceStatus.Connectivity(connectivity, connectivityTime),
                                    roaming == null ? null
                                            : new DeviceStatus.Roaming(roaming, countryCode, countryName, roamingTime),
                                    List.copyOf(subscriptions.values()), lastEventTime, lastEventId, lastReceived);
        }
    }
}
