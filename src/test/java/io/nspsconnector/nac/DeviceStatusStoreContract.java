package io.nspsconnector.nac;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.nspsconnector.nac.DeviceStatusStore.Outcome;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.NacFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * What {@link NotificationHandler} and {@link DeviceStatusService} rely on from any {@link DeviceStatusStore}, one
 * test per behaviour: dedupe within the window, ordering per aspect, resolution by key and alias, re-keying and
 * merging, paging, and the same JSON view as the memory store. Each store has a subclass that supplies an empty
 * store; the same assertions hold for all of them. Bounds are the memory store's own (MemoryDeviceStatusStoreTest).
 */
public abstract class DeviceStatusStoreContract {

    /** When the notifications arrive, unless a test says otherwise. */
    protected static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

    private final NotificationParser parser = new NotificationParser();

    /**
     * @param dedupeWindow how long a notification id counts
     * @return a new, empty store of the kind under test
     */
    protected abstract DeviceStatusStore emptyStore(Duration dedupeWindow);

    static List<NacFixtures.Case> validFixtures() {
        return NacFixtures.cases().stream().filter(c -> c.outcome() != null).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFixtures")
    void everyFixtureHasItsDocumentedEffect(NacFixtures.Case c) {
        DeviceStatusStore store = emptyStore(Duration.ofHours(24));
        for (String before : c.before()) {
            assertThat(before, fixture(store, before).outcome(), is(Outcome.APPLIED));
        }
        assertThat(fixture(store, c.file()).outcome(), is(c.outcome()));
        if (c.key() == null) {
            assertThat("nothing stored", store.size(), is(0));
            return;
        }
        assertThat("one record per device", store.size(), is(1));
        c.check().accept(store.get(c.key()).orElseThrow());
    }

    @Test
    void replayOrderLeavesTheLatestStatus() {
        DeviceStatusStore store = emptyStore(Duration.ofHours(24));
        for (var step : NacFixtures.replayOrder()) {
            fixture(store, step.getKey());
            DeviceStatus s = store.get(NacFixtures.PHONE_1).orElseThrow();
            assertThat(step.getKey(), s.connectivity().status() + "@" + s.connectivity().time(), is(step.getValue()));
        }
        DeviceStatus last = store.get(NacFixtures.PHONE_1).orElseThrow();
        assertThat(last.tracked(), is(false));
        assertThat(last.subscriptions().getFirst().reason(), is("SUBSCRIPTION_EXPIRED"));
    }

    @Test
    void anIdCountsAsSeenWithinTheDedupeWindowOnly() {
        DeviceStatusStore store = emptyStore(Duration.ofMinutes(10));
        Notification first = data("1", "+3611111111", "sub-1", "10:00");
        assertThat(store.apply(first, NOW).outcome(), is(Outcome.APPLIED));
        assertThat(store.apply(first, NOW.plusSeconds(60)).outcome(), is(Outcome.DUPLICATE));
        assertThat(store.apply(first, NOW.plus(Duration.ofMinutes(11))).outcome(), is(Outcome.APPLIED));
        assertThat("seen again from the new arrival on", store.apply(first, NOW.plus(Duration.ofMinutes(20))).outcome(),
                   is(Outcome.DUPLICATE));
    }

    @Test
    void theSameIdFromAnotherSourceIsANewNotification() {
        DeviceStatusStore store = emptyStore(Duration.ofHours(1));
        store.apply(data("1", "+3611111111", "sub-1", "10:00"), NOW);
        Notification other = parse(body("1", "connectivity-sms", "10:01", "\"phoneNumber\":\"+3611111111\"", "sub-1")
                                           .replace("\"source\":\"s\"", "\"source\":\"s2\""));

        assertThat(store.apply(other, NOW).outcome(), is(Outcome.APPLIED));
        assertThat(store.get("+3611111111").orElseThrow().connectivity().status(), is(ConnectivityStatus.CONNECTED_SMS));
    }

    @Test
    void anUnknownTypeStoresNothingAndItsRedeliveryIsADuplicate() {
        DeviceStatusStore store = emptyStore(Duration.ofHours(1));
        Notification unknown = parse(body("u1", "connectivity-data", "10:00", "\"phoneNumber\":\"+3611111111\"", "sub-1")
                                             .replace("device-status.v0.connectivity-data", "other.v0.thing"));

        assertThat(store.apply(unknown, NOW).outcome(), is(Outcome.UNKNOWN_TYPE));
        assertThat(store.apply(unknown, NOW).outcome(), is(Outcome.DUPLICATE));
        assertThat(store.size(), is(0));
    }

    @Test
    void equalTimeLaterArrivalWinsOlderIsStale() {
        DeviceStatusStore store = emptyStore(Duration.ofHours(1));
        store.apply(data("1", "+3611111111", "sub-1", "10:00"), NOW);
        Notification sms = parse(body("2", "connectivity-sms", "10:00", "\"phoneNumber\":\"+3611111111\"", "sub-1"));
        assertThat(store.apply(sms, NOW).outcome(), is(Outcome.APPLIED));
        assertThat(store.get("+3611111111").orElseThrow().connectivity().status(),
                   is(ConnectivityStatus.CONNECTED_SMS));
        DeviceStatusStore.Result stale = store.apply(data("3", "+3611111111", "sub-1", "09:59"), NOW);
        assertThat(stale.outcome(), is(Outcome.STALE));
        assertThat(stale.aspect(), is("connectivity"));
        assertThat(store.get("+3611111111").orElseThrow().lastEventId(), is("2"));
    }

    @Test
    void aRecordKeyedBySubscriptionIsMergedIntoThePhoneNumberWhenItBecomesKnown() {
        DeviceStatusStore store = emptyStore(Duration.ofHours(1));
        DeviceStatusStore.Result first = store.apply(deviceless("1", "sub-9", "10:00"), NOW);
        assertThat(first.key(), is(new DeviceKey(DeviceKey.Kind.SUBSCRIPTION, "sub-9")));

        Notification roaming = parse(body("2", "roaming-on", "10:01", "\"phoneNumber\":\"3699999999\"", "sub-9"));
        assertThat(store.apply(roaming, NOW).key().value(), is("+3699999999"));

        assertThat(store.size(), is(1));
        assertThat(store.get("sub-9").isPresent(), is(false));
        DeviceStatus merged = store.get("+3699999999").orElseThrow();
        assertThat(merged.connectivity().status(), is(ConnectivityStatus.NOT_CONNECTED));
        assertThat(merged.roaming().roaming(), is(true));
        assertThat("the subscription now leads to the number",
                   store.apply(deviceless("3", "sub-9", "10:02"), NOW).key().value(), is("+3699999999"));
    }

    @Test
    void aRecordKeyedByAnAddressIsReKeyedWhenItsNumberBecomesKnown() {
        DeviceStatusStore store = emptyStore(Duration.ofHours(1));
        String address = "\"ipv4Address\":{\"publicAddress\":\"203.0.113.9\",\"publicPort\":5000}";
        assertThat(store.apply(parse(body("1", "connectivity-data", "10:00", address, "sub-a")), NOW).key().value(),
                   is("203.0.113.9:5000"));

        Notification named = parse(body("2", "roaming-off", "10:01", "\"networkAccessIdentifier\":\"dev@example.net\","
                + address, "sub-a"));
        assertThat(store.apply(named, NOW).key().value(), is("dev@example.net"));

        assertThat(store.size(), is(1));
        assertThat(store.get("203.0.113.9:5000").isPresent(), is(false));
        assertThat(store.get("dev@example.net").orElseThrow().connectivity().status(),
                   is(ConnectivityStatus.CONNECTED_DATA));
    }

    @Test
    void anAddressSeenBeforeFindsTheDeviceWithoutItsSubscription() {
        DeviceStatusStore store = emptyStore(Duration.ofHours(1));
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

    @Test
    void aSubscriptionReportedForAnotherNumberLeadsToThatNumberFromThenOn() {
        DeviceStatusStore store = emptyStore(Duration.ofHours(1));
        store.apply(data("1", "+3611111111", "sub-moved", "10:00"), NOW);
        store.apply(data("2", "+3622222222", "sub-moved", "10:01"), NOW);

        assertThat(store.apply(deviceless("3", "sub-moved", "10:02"), NOW).key().value(), is("+3622222222"));
        assertThat(store.size(), is(2));
        assertThat("the first number keeps its status",
                   store.get("+3611111111").orElseThrow().connectivity().status(), is(ConnectivityStatus.CONNECTED_DATA));
    }

    @Test
    void pagesAreOrderedByKeyWithTheTotal() {
        DeviceStatusStore store = emptyStore(Duration.ofHours(1));
        store.apply(data("1", "+3633333333", "sub-3", "10:00"), NOW);
        store.apply(data("2", "+3611111111", "sub-1", "10:00"), NOW);
        store.apply(data("3", "+3622222222", "sub-2", "10:00"), NOW);

        DeviceStatusStore.Page page = store.page(1, 5);
        assertThat(page.total(), is(3));
        assertThat(page.devices().stream().map(d -> d.key().value()).toList(), is(List.of("+3622222222", "+3633333333")));
        DeviceStatusStore.Page beyond = store.page(7, 5);
        assertThat(beyond.total(), is(3));
        assertThat(beyond.devices(), is(List.of()));
        assertThat(store.page(0, 1).devices().getFirst().key().value(), is("+3611111111"));
    }

    @Test
    void theJsonViewIsTheMemoryStoresToTheCharacter() {
        DeviceStatusStore store = emptyStore(Duration.ofHours(1));
        DeviceStatusStore memory = new MemoryDeviceStatusStore(100, 100, Duration.ofHours(1));
        List<Notification> sent = List.of(
                parse(Fixtures.bytes("nac/g1-connectivity-data.json")),
                parse(Fixtures.bytes("nac/g1-roaming-status-multi-country.json")),
                parse(Fixtures.bytes("nac/g0-legacy-connectivity.json")),
                parse(Fixtures.bytes("nac/g2-reachability-subscription-ends.json")),
                deviceless("d1", "sub-\u00e9\u0000x", "10:00"),
                parse(("{\"id\":\"e1\",\"source\":\"s\",\"type\":\"org.camaraproject.device-status.v0.subscription-ends\","
                        + "\"specversion\":\"1.0\",\"time\":\"2024-06-01T10:05:00Z\",\"data\":{\"device\":{"
                        + "\"ipv6Address\":\"2001:DB8::9\"},\"subscriptionId\":\"sub-e\",\"terminationReason\":\"X\","
                        + "\"terminationDescription\":\"line\\nwith \\\"quotes\\\", \\u0000 and \\u00fc\"}}")
                              .getBytes(StandardCharsets.UTF_8)));
        for (Notification n : sent) {
            assertThat(store.apply(n, NOW).outcome(), is(memory.apply(n, NOW).outcome()));
        }

        assertThat(json(store.page(0, 100)), is(json(memory.page(0, 100))));
        assertThat(store.page(0, 100).total(), is(4));
        assertThat(store.get("sub-\u00e9\u0000x").orElseThrow().toJson(),
                   is(memory.get("sub-\u00e9\u0000x").orElseThrow().toJson()));
    }

    private static List<String> json(DeviceStatusStore.Page page) {
        return page.devices().stream().map(d -> d.toJson().toString()).toList();
    }

    private DeviceStatusStore.Result fixture(DeviceStatusStore store, String file) {
        return store.apply(parse(Fixtures.bytes("nac/" + file)), NOW);
    }

    /** A connectivity-data notification for a phone number. */
    protected Notification data(String id, String phone, String sub, String hhmm) {
        return parse(body(id, "connectivity-data", hhmm, "\"phoneNumber\":\"" + phone + "\"", sub));
    }

    /** A reachability-disconnected notification naming only its subscription. */
    protected Notification deviceless(String id, String sub, String hhmm) {
        return parse("{\"id\":\"" + id + "\",\"source\":\"s\",\"type\":\"org.camaraproject."
                             + "device-reachability-status-subscriptions.v0.reachability-disconnected\","
                             + "\"specversion\":\"1.0\",\"time\":\"2024-06-01T" + hhmm + ":00Z\","
                             + "\"data\":{\"subscriptionId\":\"" + sub.replace("\u0000", "\\u0000") + "\"}}");
    }

    /** A device-status notification body of source {@code s}. */
    protected static String body(String id, String event, String hhmm, String device, String sub) {
        return "{\"id\":\"" + id + "\",\"source\":\"s\",\"type\":\"org.camaraproject.device-status.v0." + event
                + "\",\"specversion\":\"1.0\",\"time\":\"2024-06-01T" + hhmm + ":00Z\","
                + "\"data\":{\"device\":{" + device + "},\"subscriptionId\":\"" + sub + "\"}}";
    }

    /** Parses a notification body. */
    protected Notification parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private Notification parse(byte[] json) {
        return parser.parse(json);
    }
}
