package io.nspsconnector.nac;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.nspsconnector.nac.DeviceStatusStore.Outcome;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The memory store's own bounds (the behaviour every store shares is in DeviceStatusStoreContract). */
class MemoryDeviceStatusStoreTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private final NotificationParser parser = new NotificationParser();

    @Test
    void keepsAtMostMaxDevicesDroppingTheLeastRecentlyUpdated() {
        MemoryDeviceStatusStore store = new MemoryDeviceStatusStore(2, 100, Duration.ofHours(1));
        store.apply(data("1", "+3611111111", "sub-1", "10:00"), NOW);
        store.apply(data("2", "+3622222222", "sub-2", "10:00"), NOW);
        store.apply(data("3", "+3611111111", "sub-1", "10:05"), NOW); // 1 updated: 2 is now the oldest
        store.apply(data("4", "+3633333333", "sub-3", "10:00"), NOW);

        assertThat(store.size(), is(2));
        assertThat(store.get("+3622222222").isPresent(), is(false));
        assertThat(store.get("+3611111111").isPresent(), is(true));
        // the dropped device's aliases went with it: its subscription no longer resolves to anything
        assertThat(store.apply(deviceless("5", "sub-2", "11:00"), NOW).key().kind(), is(DeviceKey.Kind.SUBSCRIPTION));
    }

    @Test
    void rememberedIdsAreBounded() {
        MemoryDeviceStatusStore store = new MemoryDeviceStatusStore(10, 1, Duration.ofMinutes(10));
        Notification first = data("1", "+3611111111", "sub-1", "10:00");
        assertThat(store.apply(first, NOW).outcome(), is(Outcome.APPLIED));
        assertThat(store.apply(first, NOW.plusSeconds(60)).outcome(), is(Outcome.DUPLICATE));
        store.apply(data("2", "+3611111111", "sub-1", "10:01"), NOW); // max-ids 1: pushes id 1 out
        // no longer recognised as a re-delivery, but still older than the state: dropped as stale
        assertThat(store.apply(first, NOW).outcome(), is(Outcome.STALE));
    }

    @Test
    void aRecordKeepsAtMostItsBoundOfAliasesTheOldestGoingFirst() {
        MemoryDeviceStatusStore store = new MemoryDeviceStatusStore(100, 100, Duration.ofHours(1));
        for (int i = 0; i < DeviceRecord.MAX_ALIASES + 3; i++) {
            store.apply(data("a" + i, "+3611111111", "sub-" + i, String.format("10:%02d", i)), NOW);
        }

        // the first subscriptions' aliases were dropped: they resolve to nothing; the newest still to the number
        assertThat(store.apply(deviceless("x", "sub-0", "11:00"), NOW).key().kind(), is(DeviceKey.Kind.SUBSCRIPTION));
        assertThat(store.apply(deviceless("y", "sub-" + (DeviceRecord.MAX_ALIASES + 2), "11:00"), NOW).key().value(),
                   is("+3611111111"));
    }

    private Notification data(String id, String phone, String sub, String hhmm) {
        return parse(DeviceStatusStoreContract.body(id, "connectivity-data", hhmm, "\"phoneNumber\":\"" + phone + "\"",
                                                    sub));
    }

    private Notification deviceless(String id, String sub, String hhmm) {
        return parse("{\"id\":\"" + id + "\",\"source\":\"s\",\"type\":\"org.camaraproject."
                             + "device-reachability-status-subscriptions.v0.reachability-disconnected\","
                             + "\"specversion\":\"1.0\",\"time\":\"2024-06-01T" + hhmm + ":00Z\","
                             + "\"data\":{\"subscriptionId\":\"" + sub + "\"}}");
    }

    private Notification parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
