package io.nspsconnector.nac;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The mutable state of one device while a notification is applied to it: what {@link DeviceStatus} shows, plus the
 * lookup aliases that lead to it (its subscriptions as {@code sub:<id>} and its identifiers, see
 * {@link Device#aliases()}), oldest first. Every store keeps the same records and changes them only through
 * {@link DeviceMerge}; an alias belongs to at most one record.
 */
public final class DeviceRecord {

    /** Aliases kept per device; the oldest goes first. */
    static final int MAX_ALIASES = 32;
    /** Subscriptions kept per device; the oldest goes first. */
    static final int MAX_SUBSCRIPTIONS = 16;
    /** Characters of one record that count as one unit of the memory store's bound. */
    static final int UNIT_CHARS = 512;

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
    /** Weight the memory store counts for the record while it holds it. */
    int units;

    DeviceRecord(DeviceKey key) {
        this.key = key;
    }

    /**
     * A record as a store kept it.
     *
     * @param status  what the record showed ({@link #view()})
     * @param aliases its aliases ({@link #aliases()}), oldest first
     * @return the record
     */
    public static DeviceRecord restore(DeviceStatus status, List<String> aliases) {
        DeviceRecord r = new DeviceRecord(status.key());
        r.device = status.device();
        if (status.connectivity() != null) {
            r.connectivity = status.connectivity().status();
            r.connectivityTime = status.connectivity().time();
        }
        if (status.roaming() != null) {
            r.roaming = status.roaming().roaming();
            r.countryCode = status.roaming().countryCode();
            r.countryName = status.roaming().countryName();
            r.roamingTime = status.roaming().time();
        }
        status.subscriptions().forEach(s -> r.subscriptions.put(s.id(), s));
        r.aliases.addAll(aliases);
        r.lastEventTime = status.lastEventTime();
        r.lastEventId = status.lastEventId();
        r.lastReceived = status.lastReceived();
        return r;
    }

    /** The record's key. */
    public DeviceKey key() {
        return key;
    }

    /** The aliases that lead to the record, oldest first. */
    public List<String> aliases() {
        return List.copyOf(aliases);
    }

    void rekey(DeviceKey stronger) {
        key = stronger;
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

    /** Takes over a weaker record of the same device: newer aspects, subscriptions, identifiers, aliases. */
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

    /** Makes the alias this record's newest. */
    void link(String alias) {
        aliases.remove(alias);
        aliases.add(alias);
    }

    /** Gives up an alias another record now holds. */
    boolean unlink(String alias) {
        return aliases.remove(alias);
    }

    /**
     * Drops the oldest aliases beyond {@link #MAX_ALIASES}.
     *
     * @return the aliases dropped
     */
    List<String> trimAliases() {
        List<String> dropped = new ArrayList<>();
        Iterator<String> oldest = aliases.iterator();
        while (aliases.size() > MAX_ALIASES && oldest.hasNext()) {
            dropped.add(oldest.next());
            oldest.remove();
        }
        return dropped;
    }

    private void addSubscription(DeviceStatus.Subscription s) {
        subscriptions.put(s.id(), s);
        if (subscriptions.size() > MAX_SUBSCRIPTIONS) {
            subscriptions.remove(subscriptions.keySet().iterator().next());
        }
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

    /** What {@code GET /devices} shows of the record. */
    public DeviceStatus view() {
        return new DeviceStatus(key, device,
                                connectivity == null ? null
                                        : new DeviceStatus.Connectivity(connectivity, connectivityTime),
                                roaming == null ? null
                                        : new DeviceStatus.Roaming(roaming, countryCode, countryName, roamingTime),
                                List.copyOf(subscriptions.values()), lastEventTime, lastEventId, lastReceived);
    }
}
