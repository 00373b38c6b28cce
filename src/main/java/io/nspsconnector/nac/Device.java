package io.nspsconnector.nac;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The identifiers a notification gives for its device ({@code data.device}), normalised. Parsing is lenient on
 * purpose (docs/spec/network-as-code-notifications.md, "The device"): a phone number without '+' gets one, a
 * string {@code ipv4Address} is its public address,
 * an address wrapped in {@code DeviceIpv4Addr} is unwrapped, a port given as a numeric string is a number, and an
 * identifier that cannot be used is dropped rather than failing the whole notification.
 *
 * @param phoneNumber             E.164 with '+', or null
 * @param networkAccessIdentifier {@code local@domain}, or null
 * @param ipv4                    IPv4 address, or null
 * @param ipv6Address             IPv6 address (lower case), or null
 */
public record Device(String phoneNumber, String networkAccessIdentifier, Ipv4 ipv4, String ipv6Address) {

    /** No identifiers. */
    public static final Device NONE = new Device(null, null, null, null);

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{4,14}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");

    /**
     * An IPv4 address as CAMARA gives it: the public address plus, usually, the private address or public port.
     *
     * @param publicAddress  public address
     * @param privateAddress private address, or null
     * @param publicPort     public port, or null
     */
    public record Ipv4(String publicAddress, String privateAddress, Integer publicPort) {
    }

    /**
     * Reads {@code data.device}; anything that is not an object gives no identifiers.
     *
     * @param value the member's value, may be null
     * @return the identifiers
     */
    public static Device parse(JsonValue value) {
        if (!(value instanceof JsonObject device)) {
            return NONE;
        }
        return new Device(phoneNumber(string(device.get("phoneNumber"))),
                          string(device.get("networkAccessIdentifier")).filter(s -> s.indexOf('@') > 0).orElse(null),
                          ipv4(device.get("ipv4Address")),
                          string(device.get("ipv6Address")).map(s -> s.toLowerCase(Locale.ROOT)).orElse(null));
    }

    /**
     * Normalises a phone number to E.164 with a leading '+'.
     *
     * @param raw number as sent, may be empty
     * @return the number, or null when it is not a plausible E.164 number
     */
    static String phoneNumber(Optional<String> raw) {
        if (raw.isEmpty()) {
            return null;
        }
        String digits = SEPARATORS.matcher(raw.get()).replaceAll("");
        String number = digits.startsWith("+") ? digits : "+" + digits;
        return E164.matcher(number).matches() ? number : null;
    }

    /** Whether no identifier is known. */
    public boolean isEmpty() {
        return phoneNumber == null && networkAccessIdentifier == null && ipv4 == null && ipv6Address == null;
    }

    /**
     * The device's own key: phone number, else network access identifier, else public IPv4 address (with its
     * port when known, since a public address alone is shared behind carrier NAT), else IPv6 address.
     *
     * @return the key, empty when the notification names no usable identifier
     */
    public Optional<DeviceKey> key() {
        if (phoneNumber != null) {
            return Optional.of(new DeviceKey(DeviceKey.Kind.PHONE_NUMBER, phoneNumber));
        }
        if (networkAccessIdentifier != null) {
            return Optional.of(new DeviceKey(DeviceKey.Kind.NETWORK_ACCESS_IDENTIFIER, networkAccessIdentifier));
        }
        if (ipv4 != null) {
            return Optional.of(new DeviceKey(DeviceKey.Kind.IPV4, ipv4.publicPort() == null
                    ? ipv4.publicAddress() : ipv4.publicAddress() + ":" + ipv4.publicPort()));
        }
        if (ipv6Address != null) {
            return Optional.of(new DeviceKey(DeviceKey.Kind.IPV6, ipv6Address));
        }
        return Optional.empty();
    }

    /**
     * Every identifier as a lookup alias, so that a later notification naming the device differently (for
     * example by its IPv4 address and port only) finds the same record.
     *
     * @return aliases such as {@code tel:+3670123456}, {@code ip4:203.0.113.10:59765}
     */
    public List<String> aliases() {
        List<String> aliases = new ArrayList<>(5);
        if (phoneNumber != null) {
            aliases.add("tel:" + phoneNumber);
        }
        if (networkAccessIdentifier != null) {
            aliases.add("nai:" + networkAccessIdentifier);
        }
        if (ipv4 != null) {
            if (ipv4.publicPort() != null) {
                aliases.add("ip4:" + ipv4.publicAddress() + ":" + ipv4.publicPort());
            }
            if (ipv4.privateAddress() != null) {
                aliases.add("ip4:" + ipv4.publicAddress() + "/" + ipv4.privateAddress());
            }
        }
        if (ipv6Address != null) {
            aliases.add("ip6:" + ipv6Address);
        }
        return aliases;
    }

    /**
     * These identifiers with the gaps filled from older ones.
     *
     * @param older identifiers known before
     * @return the merged identifiers
     */
    public Device over(Device older) {
        return new Device(phoneNumber != null ? phoneNumber : older.phoneNumber,
                          networkAccessIdentifier != null ? networkAccessIdentifier : older.networkAccessIdentifier,
                          ipv4 != null ? ipv4 : older.ipv4,
                          ipv6Address != null ? ipv6Address : older.ipv6Address);
    }

    private static Ipv4 ipv4(JsonValue value) {
        if (value instanceof JsonString s) {
            return s.getString().isBlank() ? null : new Ipv4(s.getString().strip(), null, null);
        }
        if (!(value instanceof JsonObject address)) {
            return null;
        }
        if (!address.containsKey("publicAddress") && address.get("DeviceIpv4Addr") instanceof JsonObject wrapped) {
            address = wrapped;
        }
        Optional<String> publicAddress = string(address.get("publicAddress"));
        if (publicAddress.isEmpty()) {
            return null;
        }
        return new Ipv4(publicAddress.get(), string(address.get("privateAddress")).orElse(null),
                        port(address.get("publicPort")));
    }

    private static Integer port(JsonValue value) {
        try {
            int port;
            if (value instanceof JsonNumber n && n.isIntegral()) {
                port = n.intValueExact();
            } else if (value instanceof JsonString s) {
                port = Integer.parseInt(s.getString().strip());
            } else {
                return null;
            }
            return port >= 0 && port <= 65535 ? port : null;
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    private static Optional<String> string(JsonValue value) {
        return value instanceof JsonString s && !s.getString().isBlank()
                ? Optional.of(s.getString().strip()) : Optional.empty();
    }
}
