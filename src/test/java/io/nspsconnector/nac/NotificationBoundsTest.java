package io.nspsconnector.nac;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/** Every remembered notification id has a bounded size, so the count of remembered ids bounds their bytes. */
class NotificationBoundsTest {

    @Test
    void theDedupeKeyOfALongIdIsBoundedAndStillTellsIdsApart() {
        Notification a = notification("https://nac.example/" + "s".repeat(200), "a".repeat(256));
        Notification b = notification("https://nac.example/" + "s".repeat(200), "a".repeat(255) + "b");

        assertThat(a.dedupeKey().length(), lessThanOrEqualTo(64));
        assertThat(a.dedupeKey(), not(b.dedupeKey()));
        assertThat(a.dedupeKey(), is(notification(a.source(), a.id()).dedupeKey()));
        assertThat(notification("/s", "id-1").dedupeKey(), is("/s\u0000id-1"));
    }

    @Test
    void deviceRecordsHoldingLongIdentifiersCountAsSeveral() {
        DeviceStatusStore store = new MemoryDeviceStatusStore(10, 1000, java.time.Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            String nai = i + "n".repeat(240) + "@example.net";
            Notification n = new Notification("/s", "id-" + i, "t", "device-status.connectivity-data",
                                              Instant.EPOCH.plusSeconds(i), i + "s".repeat(250),
                                              new Device(null, nai, null, null),
                                              new Notification.Connectivity(ConnectivityStatus.CONNECTED_DATA));
            store.apply(n, Instant.EPOCH.plusSeconds(i));
        }
        // each record holds over 1,000 characters (key, its alias, subscription id and alias): three units each
        assertThat(store.size(), lessThanOrEqualTo(4));
        assertThat(store.get("9" + "n".repeat(240) + "@example.net").isPresent(), is(true));
    }

    @Test
    void smallDeviceRecordsCountAsOneEach() {
        DeviceStatusStore store = new MemoryDeviceStatusStore(10, 1000, java.time.Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            Notification n = new Notification("/s", "id-" + i, "t", "device-status.connectivity-data",
                                              Instant.EPOCH.plusSeconds(i), "sub-" + i,
                                              new Device("+3670000000" + i, null, null, null),
                                              new Notification.Connectivity(ConnectivityStatus.CONNECTED_DATA));
            store.apply(n, Instant.EPOCH.plusSeconds(i));
        }
        assertThat(store.size(), is(10));
    }

    private static Notification notification(String source, String id) {
        return new Notification(source, id, "t", "unknown", Instant.EPOCH, null, Device.NONE,
                                new Notification.Unknown());
    }
}
