package io.nspsconnector.nac;

import java.time.Instant;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The latest known status of one device, as {@code GET /devices/{key}/status} shows it. Every part carries the
 * time of the event that set it, so a caller can judge how fresh it is.
 *
 * @param key           device key
 * @param device        latest identifiers seen for the device
 * @param connectivity  connectivity status, or null when no connectivity event was received
 * @param roaming       roaming state, or null when no roaming event was received
 * @param subscriptions subscriptions that reported on the device, oldest first
 * @param lastEventTime newest {@code time} of the events applied
 * @param lastEventId   id of the last event applied
 * @param lastReceived  when the last event was applied here
 */
public record DeviceStatus(DeviceKey key, Device device, Connectivity connectivity, Roaming roaming,
                           List<Subscription> subscriptions, Instant lastEventTime, String lastEventId,
                           Instant lastReceived) {

    /** Copies lists. */
    public DeviceStatus {
        subscriptions = List.copyOf(subscriptions);
    }

    /**
     * @param status CAMARA connectivity status
     * @param time   time of the event that set it
     */
    public record Connectivity(ConnectivityStatus status, Instant time) {
    }

    /**
     * @param roaming     whether the device roams
     * @param countryCode MCC of the visited network, or null
     * @param countryName visited territories as sent (ISO 3166 alpha-2 codes, or names from old senders)
     * @param time        time of the event that set it
     */
    public record Roaming(boolean roaming, Integer countryCode, List<String> countryName, Instant time) {
        /** Copies lists. */
        public Roaming {
            countryName = List.copyOf(countryName);
        }
    }

    /**
     * @param id          subscription id
     * @param ended       whether a {@code subscription-ends} notification arrived for it
     * @param reason      its {@code terminationReason}, or null
     * @param description its {@code terminationDescription}, or null
     * @param endedAt     its {@code time}, or null
     */
    public record Subscription(String id, boolean ended, String reason, String description, Instant endedAt) {
    }

    /**
     * Whether notifications may still arrive for the device: some subscription is not known to have ended. When
     * false the status is kept but no longer kept up to date.
     *
     * @return false once every known subscription ended
     */
    public boolean tracked() {
        return subscriptions.isEmpty() || subscriptions.stream().anyMatch(s -> !s.ended());
    }

    /** The JSON view. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Json.createObjectBuilder().add("key", key.value())
                .add("keyType", switch (key.kind()) {
                    case PHONE_NUMBER -> "phoneNumber";
                    case NETWORK_ACCESS_IDENTIFIER -> "networkAccessIdentifier";
                    case IPV4 -> "ipv4Address";
                    case IPV6 -> "ipv6Address";
                    case SUBSCRIPTION -> "subscriptionId";
                });
        JsonObjectBuilder ids = Json.createObjectBuilder();
        addIfSet(ids, "phoneNumber", device.phoneNumber());
        addIfSet(ids, "networkAccessIdentifier", device.networkAccessIdentifier());
        if (device.ipv4() != null) {
            JsonObjectBuilder ipv4 = Json.createObjectBuilder().add("publicAddress", device.ipv4().publicAddress());
            addIfSet(ipv4, "privateAddress", device.ipv4().privateAddress());
            if (device.ipv4().publicPort() != null) {
                ipv4.add("publicPort", device.ipv4().publicPort());
            }
            ids.add("ipv4Address", ipv4);
        }
        addIfSet(ids, "ipv6Address", device.ipv6Address());
        json.add("device", ids);
        if (connectivity != null) {
            json.add("connectivity", Json.createObjectBuilder()
                    .add("status", connectivity.status().name())
                    .add("time", connectivity.time().toString()));
        } else {
            json.addNull("connectivity");
        }
        if (roaming != null) {
            JsonObjectBuilder r = Json.createObjectBuilder().add("roaming", roaming.roaming());
            if (roaming.countryCode() != null) {
                r.add("countryCode", roaming.countryCode());
            } else {
                r.addNull("countryCode");
            }
            JsonArrayBuilder names = Json.createArrayBuilder();
            roaming.countryName().forEach(names::add);
            json.add("roaming", r.add("countryName", names).add("time", roaming.time().toString()));
        } else {
            json.addNull("roaming");
        }
        JsonArrayBuilder subs = Json.createArrayBuilder();
        for (Subscription s : subscriptions) {
            JsonObjectBuilder sub = Json.createObjectBuilder()
                    .add("id", s.id())
                    .add("state", s.ended() ? "ENDED" : "ACTIVE");
            addIfSet(sub, "terminationReason", s.reason());
            addIfSet(sub, "terminationDescription", s.description());
            if (s.endedAt() != null) {
                sub.add("endedAt", s.endedAt().toString());
            }
            subs.add(sub);
        }
        return json.add("subscriptions", subs)
                .add("tracked", tracked())
                .add("lastEventTime", lastEventTime.toString())
                .add("lastEventId", lastEventId)
                .add("lastReceived", lastReceived.toString())
                .build();
    }

    /**
     * Reads the JSON view back, as a store that keeps it as a document does: {@code fromJson(s.toJson())} equals
     * {@code s}.
     *
     * @param json what {@link #toJson()} wrote
     * @return the status
     * @throws IllegalArgumentException if the document is not such a view
     */
    public static DeviceStatus fromJson(JsonObject json) {
        try {
            DeviceKey key = new DeviceKey(switch (json.getString("keyType")) {
                case "phoneNumber" -> DeviceKey.Kind.PHONE_NUMBER;
                case "networkAccessIdentifier" -> DeviceKey.Kind.NETWORK_ACCESS_IDENTIFIER;
                case "ipv4Address" -> DeviceKey.Kind.IPV4;
                case "ipv6Address" -> DeviceKey.Kind.IPV6;
                case "subscriptionId" -> DeviceKey.Kind.SUBSCRIPTION;
                default -> throw new IllegalArgumentException("unknown keyType " + json.getString("keyType"));
            }, json.getString("key"));
            JsonObject ids = json.getJsonObject("device");
            Device.Ipv4 ipv4 = null;
            if (ids.get("ipv4Address") instanceof JsonObject a) {
                ipv4 = new Device.Ipv4(a.getString("publicAddress"), text(a, "privateAddress"),
                                       a.get("publicPort") instanceof JsonNumber port ? port.intValueExact() : null);
            }
            Device device = new Device(text(ids, "phoneNumber"), text(ids, "networkAccessIdentifier"), ipv4,
                                       text(ids, "ipv6Address"));
            Connectivity connectivity = null;
            if (json.get("connectivity") instanceof JsonObject c) {
                connectivity = new Connectivity(ConnectivityStatus.valueOf(c.getString("status")),
                                                Instant.parse(c.getString("time")));
            }
            Roaming roaming = null;
            if (json.get("roaming") instanceof JsonObject r) {
                roaming = new Roaming(r.getBoolean("roaming"),
                                      r.get("countryCode") instanceof JsonNumber code ? code.intValueExact() : null,
                                      r.getJsonArray("countryName").getValuesAs(JsonString::getString),
                                      Instant.parse(r.getString("time")));
            }
            List<Subscription> subscriptions = json.getJsonArray("subscriptions").getValuesAs(JsonObject.class)
                    .stream()
                    .map(s -> new Subscription(s.getString("id"), s.getString("state").equals("ENDED"),
                                               text(s, "terminationReason"), text(s, "terminationDescription"),
                                               s.containsKey("endedAt") ? Instant.parse(s.getString("endedAt")) : null))
                    .toList();
            return new DeviceStatus(key, device, connectivity, roaming, subscriptions,
                                    Instant.parse(json.getString("lastEventTime")), json.getString("lastEventId"),
                                    Instant.parse(json.getString("lastReceived")));
        } catch (ClassCastException | NullPointerException | ArithmeticException
                 | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("not a device status document: " + e.getMessage(), e);
        }
    }

    private static String text(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    private static void addIfSet(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }
}
