package io.nspsconnector.nac;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One device-status notification, whatever its generation, reduced to what the store needs: who sent it (for
 * recognising re-deliveries), when it happened, which device and subscription it is about, and what changed.
 *
 * @param source         CloudEvents {@code source} ({@code legacy} for a pre-CloudEvents body)
 * @param id             CloudEvents {@code id} (a digest of the body for a pre-CloudEvents body)
 * @param type           {@code type} as sent ({@code event.eventType} for a pre-CloudEvents body)
 * @param typeLabel      bounded label for metrics: the type when known, else {@code legacy} or {@code unknown}
 * @param time           when the change happened ({@code time})
 * @param subscriptionId subscription the notification belongs to, or null
 * @param device         device identifiers, possibly none
 * @param change         what changed
 */
public record Notification(String source, String id, String type, String typeLabel, Instant time,
                           String subscriptionId, Device device, Change change) {

    /** Checks the parts. */
    public Notification {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(change, "change");
    }

    /** Longest dedupe key kept as it is; a longer one is replaced by its SHA-256 digest (64 hex digits). */
    static final int MAX_PLAIN_KEY = 64;

    /**
     * Key under which a re-delivery of the same notification is recognised: source and id, or their SHA-256 digest
     * when together longer than {@link #MAX_PLAIN_KEY} characters, so that every remembered key has a bounded size
     * and the count of remembered ids bounds their bytes.
     */
    public String dedupeKey() {
        String key = source + '\u0000' + id;
        if (key.length() <= MAX_PLAIN_KEY) {
            return key;
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                                              .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What a notification changes. */
    public sealed interface Change {
    }

    /**
     * New connectivity status (G1 {@code connectivity-*}, G2 {@code reachability-*}, G0 {@code CONNECTIVITY}).
     *
     * @param status the status
     */
    public record Connectivity(ConnectivityStatus status) implements Change {
    }

    /**
     * New roaming state.
     *
     * @param roaming      whether the device roams
     * @param countryGiven whether the country below replaces the stored one ({@code roaming-on} keeps it)
     * @param countryCode  MCC of the visited network, or null
     * @param countryName  ISO 3166 codes (or names, as sent), empty when none
     */
    public record Roaming(boolean roaming, boolean countryGiven, Integer countryCode, List<String> countryName)
            implements Change {
        /** Copies lists. */
        public Roaming {
            countryName = List.copyOf(countryName);
        }
    }

    /**
     * The subscription is over: no more notifications will come for it.
     *
     * @param reason      {@code terminationReason} as sent
     * @param description {@code terminationDescription}, or null
     */
    public record SubscriptionEnds(String reason, String description) implements Change {
    }

    /** A type this receiver does not handle: accepted and counted, nothing stored. */
    public record Unknown() implements Change {
    }
}
