package io.nspsconnector.nac;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a notification changes the device records, as pure code over the records it can reach, shared by every
 * {@link DeviceStatusStore}: the store finds the records (by key and by alias), this decides, the store writes
 * back what {@link Step} says.
 *
 * <p>A device is found by its own key (phone number, else network access identifier, else IPv4 address, else IPv6),
 * else by its subscription id or any identifier seen before on a record; a notification naming no device is thereby
 * resolved through its subscription. A phone number is authoritative: its own record (or a new one), never another
 * number's. The event is stale when the record holds a newer state of the same aspect (connectivity or roaming;
 * equal times: the later arrival wins). A record first created under a weaker key (say, a bare subscription id) that
 * later meets a stronger one is re-keyed, or merged into the stronger record. Every alias the notification names
 * moves to the updated record, so an alias belongs to one record only.
 */
public final class DeviceMerge {

    private DeviceMerge() {
    }

    /** The records a store holds, as the merge looks them up. */
    public interface Records {
        /**
         * @param key a device key's value
         * @return the record under that key, or null
         */
        DeviceRecord byKey(String key);

        /**
         * @param alias an alias ({@link #aliases})
         * @return the record holding it, or null
         */
        DeviceRecord byAlias(String alias);
    }

    /**
     * What became of a notification and what the store must write back.
     *
     * @param result         the outcome, the device and aspect concerned
     * @param updated        the record to store under its (possibly new) key; null when nothing changes
     * @param removedKeys    keys whose records are gone (re-keyed or merged into {@code updated})
     * @param unlinked       other records that gave up aliases to {@code updated}, to store again
     * @param droppedAliases aliases no record holds any longer (beyond the bound of a record's aliases)
     */
    public record Step(DeviceStatusStore.Result result, DeviceRecord updated, List<String> removedKeys,
                       List<DeviceRecord> unlinked, List<String> droppedAliases) {

        /** Copies lists. */
        public Step {
            removedKeys = List.copyOf(removedKeys);
            unlinked = List.copyOf(unlinked);
            droppedAliases = List.copyOf(droppedAliases);
        }

        static Step unchanged(DeviceStatusStore.Result result) {
            return new Step(result, null, List.of(), List.of(), List.of());
        }
    }

    /**
     * The device key a notification names itself, which a store looks up besides its {@link #aliases}.
     *
     * @param n the notification
     * @return the key's value, empty when it names none or its type changes nothing
     */
    public static Optional<String> ownKey(Notification n) {
        return n.change() instanceof Notification.Unknown ? Optional.empty() : n.device().key().map(DeviceKey::value);
    }

    /**
     * The aliases a notification can be resolved by and that it links to its device: its subscription as
     * {@code sub:<id>}, then its identifiers. U+0000 (which a database cannot keep in text) reads as U+FFFD.
     *
     * @param n the notification
     * @return aliases, empty for a type that changes nothing
     */
    public static List<String> aliases(Notification n) {
        if (n.change() instanceof Notification.Unknown) {
            return List.of();
        }
        List<String> aliases = new ArrayList<>();
        if (n.subscriptionId() != null) {
            aliases.add("sub:" + n.subscriptionId());
        }
        aliases.addAll(n.device().aliases());
        return aliases.stream().map(a -> a.replace('\u0000', '\uFFFD')).distinct().toList();
    }

    /**
     * Applies a notification (not a re-delivery: the store checks that first) to the records it reaches. The records
     * returned in the step are changed in place.
     *
     * @param n          the notification
     * @param receivedAt now
     * @param records    the store's records
     * @return what happened and what to write back
     */
    public static Step apply(Notification n, Instant receivedAt, Records records) {
        if (n.change() instanceof Notification.Unknown) {
            return Step.unchanged(new DeviceStatusStore.Result(DeviceStatusStore.Outcome.UNKNOWN_TYPE, null, null));
        }
        String aspect = switch (n.change()) {
            case Notification.Connectivity c -> "connectivity";
            case Notification.Roaming r -> "roaming";
            default -> "subscription";
        };
        Optional<DeviceKey> own = n.device().key();
        List<String> aliases = aliases(n);
        List<DeviceRecord> found = new ArrayList<>();
        own.map(k -> records.byKey(k.value())).ifPresent(found::add);
        for (String alias : aliases) {
            DeviceRecord r = records.byAlias(alias);
            if (r != null && !found.contains(r)) {
                found.add(r);
            }
        }
        DeviceRecord target;
        if (own.isPresent() && own.get().kind() == DeviceKey.Kind.PHONE_NUMBER) {
            target = records.byKey(own.get().value());
        } else {
            target = found.stream().min(Comparator.comparingInt(r -> r.key().kind().ordinal())).orElse(null);
        }
        if (target != null && target.isNewer(aspect, n.time())) {
            return Step.unchanged(new DeviceStatusStore.Result(DeviceStatusStore.Outcome.STALE, target.key(), aspect));
        }

        Set<String> removed = new LinkedHashSet<>();
        List<DeviceRecord> gone = new ArrayList<>();
        if (target == null) {
            target = new DeviceRecord(own.orElseGet(() -> new DeviceKey(DeviceKey.Kind.SUBSCRIPTION, n.subscriptionId())));
        } else if (own.isPresent() && own.get().strongerThan(target.key())) {
            removed.add(target.key().value());
            target.rekey(own.get());
        }
        for (DeviceRecord other : found) {
            if (other != target && target.key().strongerThan(other.key())) {
                removed.add(other.key().value());
                gone.add(other);
                target.absorb(other);
            }
        }
        target.apply(n, receivedAt);
        List<DeviceRecord> unlinked = new ArrayList<>();
        for (String alias : aliases) {
            DeviceRecord holder = records.byAlias(alias);
            if (holder != null && holder != target && !gone.contains(holder) && holder.unlink(alias)
                    && !unlinked.contains(holder)) {
                unlinked.add(holder);
            }
            target.link(alias);
        }
        List<String> dropped = target.trimAliases();
        removed.remove(target.key().value());
        return new Step(new DeviceStatusStore.Result(DeviceStatusStore.Outcome.APPLIED, target.key(), aspect), target,
                        List.copyOf(removed), unlinked, dropped);
    }
}
