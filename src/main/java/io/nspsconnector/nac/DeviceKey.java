package io.nspsconnector.nac;

import java.util.Objects;

import io.nspsconnector.logging.Masking;

/**
 * The key of a device in the status store, and what kind of identifier it is. Kinds are ranked: a phone number
 * beats a network access identifier, which beats an IPv4 address, then IPv6, then a bare subscription id (used
 * only when a notification names no device and its subscription is not known yet).
 *
 * @param kind  identifier kind
 * @param value the key as exposed in {@code /devices/{key}/status}
 */
public record DeviceKey(Kind kind, String value) implements Comparable<DeviceKey> {

    /** Identifier kinds, strongest first. */
    public enum Kind { PHONE_NUMBER, NETWORK_ACCESS_IDENTIFIER, IPV4, IPV6, SUBSCRIPTION }

    /** Checks the parts. */
    public DeviceKey {
        Objects.requireNonNull(kind, "kind");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("empty device key");
        }
    }

    /**
     * @param other another key
     * @return whether this key is a stronger identifier than the other
     */
    public boolean strongerThan(DeviceKey other) {
        return kind.ordinal() < other.kind.ordinal();
    }

    /**
     * The key for a log line: phone numbers keep their last 3 digits, network access identifiers the last 3
     * characters of the local part and the domain, IP addresses their first half. Subscription ids are not
     * personal data and stay as they are.
     *
     * @param masking masking policy
     * @return text to log
     */
    public String masked(Masking masking) {
        if (!masking.enabled()) {
            return value;
        }
        return switch (kind) {
            case PHONE_NUMBER -> Masking.maskMsisdn(value);
            case NETWORK_ACCESS_IDENTIFIER -> Masking.maskNetworkAccessIdentifier(value);
            case IPV4 -> Masking.maskIpv4(value);
            case IPV6 -> Masking.maskIpv6(value);
            case SUBSCRIPTION -> value;
        };
    }

    @Override
    public int compareTo(DeviceKey other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return kind + ":" + value;
    }
}
