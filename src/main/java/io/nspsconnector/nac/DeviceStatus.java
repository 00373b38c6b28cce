package io.nspsconnector.nac;

import java.time.Instant;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

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

    private static void addIfSet(JsonObjectBuilder json, String name, String value) {
        if (value != null) {
            json.add(name, value);
        }
    }
}
