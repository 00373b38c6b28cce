package io.nspsconnector.config;

import java.time.Duration;

import io.nspsconnector.delivery.DeliverySettings;

/** Reads {@code connector.delivery}. */
final class DeliveryKeys {

    private DeliveryKeys() {
    }

    static DeliverySettings read(SettingsReader s) {
        DeliverySettings.Bound events = bound("connector.delivery.applied-events", 100_000, s);
        DeliverySettings.Bound subscribers = bound("connector.delivery.subscribers", 200_000, s);
        Duration grace = s.duration("connector.delivery.shutdown-grace-period", Duration.ofSeconds(30));
        Duration future = s.duration("connector.delivery.future-tolerance", Duration.ofMinutes(5));
        return new DeliverySettings(events, subscribers, grace, future);
    }

    private static DeliverySettings.Bound bound(String key, long defaultSize, SettingsReader s) {
        long size = s.longValue(key + ".max-size", defaultSize, Long.MIN_VALUE, Long.MAX_VALUE);
        if (size < 0) {
            s.error(key + ".max-size", "must be 0 or more");
            size = defaultSize;
        }
        return new DeliverySettings.Bound(size, s.duration(key + ".ttl", Duration.ofHours(25)));
    }
}
