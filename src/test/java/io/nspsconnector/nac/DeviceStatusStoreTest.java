package io.nspsconnector.nac;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.nspsconnector.nac.DeviceStatusStore.Outcome;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The store on its own: bounds, dedupe window, ordering per aspect, resolution and merging of records. */
class DeviceStatusStoreTest {

    private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
    private final NotificationParser parser = new NotificationParser();

    @Test
    void keepsAtMostMaxDevicesDroppingTheLeastRecentlyUpdated() {
        DeviceStatusStore store = new MemoryDeviceStatusStore(2, 100, Duration.ofHours(1));
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
    void rememberedIdsExpireAfterTheWindowAndAreBounded() {
        DeviceStatusStore store = new MemoryDeviceStatusStore(10, 1, Duration.ofMinutes(10));
        Notification first = data("1", "+3611111111", "sub-1", "10:00");
        assertThat(store.apply(first, NOW).outcome(), is(Outcome.APPLIED));
        assertThat(store.apply(first, NOW.plusSeconds(60)).outcome(), is(Outcome.DUPLICATE));
        assertThat(store.apply(first, NOW.plus(Duration.ofMinutes(11))).outcome(), is(Outcome.APPLIED));
        store.apply(data("2", "+3611111111", "sub-1", "10:01"), NOW); // max-ids 1: pushes id 1 out
        // no longer recognised as a re-delivery, but still older than the state: dropped as stale
        assertThat(store.apply(first, NOW).outcome(), is(Outcome.STALE));
    }

    @Test
    void equalTimeLaterArrivalWinsOlderIsStale() {
        DeviceStatusStore store = new MemoryDeviceStatusStore(10, 10, Duration.ofHours(1));
        store.apply(data("1", "+3611111111", "sub-1", "10:00"), NOW);
        Notification sms = parse(body("2", "connectivity-sms", "10:00", "\"phoneNumber\":\"+3611111111\"", "sub-1"));
        assertThat(store.apply(sms, NOW).outcome(), is(Outcome.APPLIED));
        assertThat(store.get("+3611111111").orElseThrow().connectivity().status(),
                   is(ConnectivityStatus.CONNECTED_SMS));
        DeviceStatusStore.Result stale = store.apply(data("3", "+3611111111", "sub-1", "09:59"), NOW);
        assertThat(stale.outcome(), is(Outcome.STALE));
        assertThat(stale.aspect(), is("connectivity"));
    }

    @Test
    void aRecordKeyedBySubscriptionIsMergedIntoThePhoneNumberWhenItBecomesKnown() {
        DeviceStatusStore store = new MemoryDeviceStatusStore(10, 10, Duration.ofHours(1));
        DeviceStatusStore.Result first = store.apply(deviceless("1", "sub-9", "10:00"), NOW);
        assertThat(first.key(), is(new DeviceKey(DeviceKey.Kind.SUBSCRIPTION, "sub-9")));

        Notification roaming = parse(body("2", "roaming-on", "10:01", "\"phoneNumber\":\"3699999999\"", "sub-9"));
        assertThat(store.apply(roaming, NOW).key().value(), is("+3699999999"));

        assertThat(store.size(), is(1));
        DeviceStatus merged = store.get("+3699999999").orElseThrow();
        assertThat(merged.connectivity().status(), is(ConnectivityStatus.NOT_CONNECTED));
        assertThat(merged.roaming().roaming(), is(true));
    }

    @Test
    void anAddressSeenBeforeFindsTheDeviceWithoutItsSubscription() {
        DeviceStatusStore store = new MemoryDeviceStatusStore(10, 10, Duration.ofHours(1));
        store.apply(parse(body("1", "connectivity-data", "10:00", "\"phoneNumber\":\"+3611111111\","
                + "\"ipv4Address\":{\"publicAddress\":\"203.0.113.7\",\"publicPort\":4000}", "sub-1")), NOW);
        Notification byAddress = parse(body("2", "connectivity-sms", "10:01",
                                            "\"ipv4Address\":{\"publicAddress\":\"203.0.113.7\",\"publicPort\":\"4000\"}",
                                            "sub-other"));
        assertThat(store.apply(byAddress, NOW).key().value(), is("+3611111111"));
        Notification otherPort = parse(body("3", "connectivity-sms", "10:01",
                                            "\"ipv4Address\":{\"publicAddress\":\"203.0.113.7\",\"publicPort\":4001}",
                                            "sub-new"));
        assertThat("another device behind the same NAT", store.apply(otherPort, NOW).key().value(),
                   is("203.0.113.7:4001"));
    }

    private Notification data(String id, String phone, String sub, String hhmm) {
        return parse(body(id, "connectivity-data", hhmm, "\"phoneNumber\":\"" + phone + "\"", sub));
    }

    private Notification deviceless(String id, String sub, String hhmm) {
        return parse("{\"id\":\"" + id + "\",\"source\":\"s\",\"type\":\"org.camaraproject."
                             + "device-reachability-status-subscriptions.v0.reachability-disconnected\","
                             + "\"specversion\":\"1.0\",\"time\":\"2024-06-01T" + hhmm + ":00Z\","
                             + "\"data\":{\"subscriptionId\":\"" + sub + "\"}}");
    }

    static String body(String id, String event, String hhmm, String device, String sub) {
        return "{\"id\":\"" + id + "\",\"source\":\"s\",\"type\":\"org.camaraproject.device-status.v0." + event
                + "\",\"specversion\":\"1.0\",\"time\":\"2024-06-01T" + hhmm + ":00Z\","
                + "\"data\":{\"device\":{" + device + "},\"subscriptionId\":\"" + sub + "\"}}";
    }

    private Notification parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
