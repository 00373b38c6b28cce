package io.nspsconnector.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.nspsconnector.nac.ConnectivityStatus;
import io.nspsconnector.nac.DeviceStatus;
import io.nspsconnector.nac.DeviceStatusStore.Outcome;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Every Network as Code fixture ({@code fixtures/nac/}) with the effect fixtures/README.md documents: the fixtures sent
 * before it (on a fresh store), the outcome, the device it lands on and what that device's status must show.
 */
public final class NacFixtures {

    /** Device of the G1 subscriptions. */
    public static final String PHONE_1 = "+3670123456";
    /** Device of the G2 subscriptions. */
    public static final String PHONE_2 = "+3670987654";
    /** G1 connectivity subscription. */
    public static final String SUB_G1_CONNECTIVITY = "3f1c2a9e-7b4d-4e21-9a6f-0c5d8e2b1a10";
    /** G1 roaming subscription. */
    public static final String SUB_G1_ROAMING = "8d0e6b52-2c7a-4f3e-b1d9-5a4c3e2f1b07";
    /** G2 reachability subscription. */
    public static final String SUB_G2_REACHABILITY = "5e9b1c3d-8a2f-4d6e-b7c0-9f1a2b3c4d5e";
    /** G2 roaming subscription. */
    public static final String SUB_G2_ROAMING = "c2a7d9f1-4e3b-4a8c-9d6e-1f0b2c3d4e5f";

    /**
     * @param file         fixture file name
     * @param before       fixtures sent first, in order
     * @param outcome      expected outcome, null when the fixture is invalid (400)
     * @param key          device the fixture lands on (null: none)
     * @param check        what that device's status shows afterwards
     * @param invalidField field named first in the 400's details (invalid fixtures)
     */
    public record Case(String file, List<String> before, Outcome outcome, String key, Consumer<DeviceStatus> check,
                       String invalidField) {
        @Override
        public String toString() {
            return file;
        }
    }

    private NacFixtures() {
    }

    /** Every fixture and its documented effect. */
    public static List<Case> cases() {
        String data = "g1-connectivity-data.json";
        String sms = "g1-connectivity-sms.json";
        String disconnected = "g1-connectivity-disconnected.json";
        String roamingOn = "g1-roaming-status-on.json";
        String g2Data = "g2-reachability-data.json";
        String g2Roaming = "g2-roaming-status.json";
        return List.of(
                applied(data, List.of(), PHONE_1, s -> {
                    connectivity(s, ConnectivityStatus.CONNECTED_DATA, "2024-05-23T08:15:02.114529Z");
                    assertThat(s.device().networkAccessIdentifier(), is("sensor-042@example.net"));
                    assertThat(s.device().ipv4().publicPort(), is(59765));
                    assertThat(s.device().ipv6Address(), is("2001:db8:85a3::8a2e:370:7334"));
                    subscription(s, SUB_G1_CONNECTIVITY, false, null);
                    assertThat(s.tracked(), is(true));
                }),
                applied(sms, List.of(data), PHONE_1,
                        s -> connectivity(s, ConnectivityStatus.CONNECTED_SMS, "2024-05-23T08:20:41.002Z")),
                applied(disconnected, List.of(data, sms), PHONE_1,
                        s -> connectivity(s, ConnectivityStatus.NOT_CONNECTED, "2024-05-23T08:31:17.530Z")),
                applied(roamingOn, List.of(), PHONE_1, s -> roaming(s, true, 262, List.of("DE"))),
                applied("g1-roaming-status-off.json", List.of(roamingOn), PHONE_1,
                        s -> roaming(s, false, null, List.of())),
                applied("g1-roaming-status-multi-country.json", List.of(), PHONE_1,
                        s -> roaming(s, true, 340, List.of("BL", "GF", "GP", "MF", "MQ"))),
                applied("g1-roaming-on.json", List.of(), PHONE_1, s -> roaming(s, true, null, List.of())),
                applied("g1-roaming-off.json", List.of(roamingOn), PHONE_1, s -> roaming(s, false, null, List.of())),
                applied("g1-roaming-change-country.json", List.of(roamingOn), PHONE_1,
                        s -> roaming(s, true, 208, List.of("FR"))),
                applied("g1-subscription-ends-expired.json", List.of(data), PHONE_1, s -> {
                    subscription(s, SUB_G1_CONNECTIVITY, true, "SUBSCRIPTION_EXPIRED");
                    connectivity(s, ConnectivityStatus.CONNECTED_DATA, "2024-05-23T08:15:02.114529Z");
                    assertThat("no longer tracked", s.tracked(), is(false));
                }),
                applied("g1-subscription-ends-network-terminated.json", List.of(roamingOn), PHONE_1, s -> {
                    subscription(s, SUB_G1_ROAMING, true, "NETWORK_TERMINATED");
                    roaming(s, true, 262, List.of("DE"));
                }),
                applied("nac-hybrid-connectivity-data.json", List.of(), PHONE_1, s -> {
                    connectivity(s, ConnectivityStatus.CONNECTED_DATA, "2024-05-23T10:02:03.456789Z");
                    assertThat(s.device().phoneNumber(), is(PHONE_1));
                }),
                applied("g0-legacy-connectivity.json", List.of(), PHONE_1, s -> {
                    connectivity(s, ConnectivityStatus.NOT_CONNECTED, "2023-10-17T13:18:23.682Z");
                    assertThat(s.device().ipv4().publicAddress(), is("203.0.113.10"));
                    assertThat(s.device().ipv4().privateAddress(), is("192.0.2.25"));
                    assertThat(s.device().ipv4().publicPort(), is(59765));
                    subscription(s, SUB_G1_CONNECTIVITY, false, null);
                }),
                applied("g0-legacy-roaming-status.json", List.of(), PHONE_1,
                        s -> roaming(s, true, 244, List.of("Finland"))),
                applied(g2Data, List.of(), PHONE_2, s -> {
                    connectivity(s, ConnectivityStatus.CONNECTED_DATA, "2025-03-10T12:00:00Z");
                    subscription(s, SUB_G2_REACHABILITY, false, null);
                }),
                applied("g2-reachability-sms.json", List.of(g2Data), PHONE_2, s -> {
                    connectivity(s, ConnectivityStatus.CONNECTED_SMS, "2025-03-10T12:30:00Z");
                    assertThat(s.device().ipv6Address(), is("2001:db8:1234:5678::1"));
                }),
                applied("g2-reachability-disconnected.json", List.of(g2Data), PHONE_2,
                        s -> connectivity(s, ConnectivityStatus.NOT_CONNECTED, "2025-03-10T13:00:00Z")),
                applied("g2-reachability-subscription-ends.json", List.of(g2Data), PHONE_2, s -> {
                    subscription(s, SUB_G2_REACHABILITY, true, "MAX_EVENTS_REACHED");
                    assertThat(s.subscriptions().getFirst().description(),
                               is("Maximum number of events has been reached"));
                }),
                applied(g2Roaming, List.of(), PHONE_2, s -> roaming(s, true, 214, List.of("ES"))),
                applied("g2-roaming-on.json", List.of(), PHONE_2, s -> roaming(s, true, null, List.of())),
                applied("g2-roaming-off.json", List.of(g2Roaming), PHONE_2, s -> roaming(s, false, null, List.of())),
                applied("g2-roaming-change-country.json", List.of(g2Roaming), PHONE_2,
                        s -> roaming(s, true, 901, List.of())),
                applied("g2-roaming-subscription-ends.json", List.of(g2Roaming), PHONE_2,
                        s -> subscription(s, SUB_G2_ROAMING, true, "ACCESS_TOKEN_EXPIRED")),
                applied("g2-r1-roaming-status.json", List.of(), PHONE_2, s -> roaming(s, false, null, List.of())),
                new Case("edge-duplicate-connectivity-data.json", List.of(data), Outcome.DUPLICATE, PHONE_1, s -> {
                    connectivity(s, ConnectivityStatus.CONNECTED_DATA, "2024-05-23T08:15:02.114529Z");
                    assertThat(s.lastEventId(), is("0b6f1d2e-3c4a-4b5d-8e6f-7a8b9c0d1e01"));
                }, null),
                new Case("edge-out-of-order-connectivity-data.json", List.of(data, sms, disconnected), Outcome.STALE,
                         PHONE_1, s -> {
                    connectivity(s, ConnectivityStatus.NOT_CONNECTED, "2024-05-23T08:31:17.530Z");
                    assertThat(s.lastEventId(), is("0b6f1d2e-3c4a-4b5d-8e6f-7a8b9c0d1e03"));
                }, null),
                new Case("edge-unknown-type.json", List.of(), Outcome.UNKNOWN_TYPE, null, s -> { }, null),
                applied("edge-ipv4-only-device.json", List.of(data), PHONE_1,
                        s -> connectivity(s, ConnectivityStatus.CONNECTED_DATA, "2024-05-23T08:40:00Z")),
                applied("edge-countryname-string.json", List.of(), PHONE_1, s -> roaming(s, true, 208, List.of("FR"))),
                new Case("invalid-missing-id.json", List.of(), null, null, s -> { }, "id"),
                new Case("invalid-specversion.json", List.of(), null, null, s -> { }, "specversion"));
    }

    /** The fixtures README's replay order for "latest status wins", with the connectivity each step must leave. */
    public static List<Map.Entry<String, String>> replayOrder() {
        return List.of(Map.entry("g1-connectivity-data.json", "CONNECTED_DATA@2024-05-23T08:15:02.114529Z"),
                       Map.entry("g1-connectivity-sms.json", "CONNECTED_SMS@2024-05-23T08:20:41.002Z"),
                       Map.entry("g1-connectivity-disconnected.json", "NOT_CONNECTED@2024-05-23T08:31:17.530Z"),
                       Map.entry("edge-out-of-order-connectivity-data.json",
                                 "NOT_CONNECTED@2024-05-23T08:31:17.530Z"),
                       Map.entry("edge-duplicate-connectivity-data.json", "NOT_CONNECTED@2024-05-23T08:31:17.530Z"),
                       Map.entry("edge-ipv4-only-device.json", "CONNECTED_DATA@2024-05-23T08:40:00Z"),
                       Map.entry("g1-subscription-ends-expired.json", "CONNECTED_DATA@2024-05-23T08:40:00Z"));
    }

    private static Case applied(String file, List<String> before, String key, Consumer<DeviceStatus> check) {
        return new Case(file, before, Outcome.APPLIED, key, check, null);
    }

    private static void connectivity(DeviceStatus s, ConnectivityStatus status, String time) {
        assertThat("connectivity", s.connectivity(), notNullValue());
        assertThat(s.connectivity().status(), is(status));
        assertThat(s.connectivity().time(), is(Instant.parse(time)));
    }

    private static void roaming(DeviceStatus s, boolean roaming, Integer countryCode, List<String> countryName) {
        assertThat("roaming", s.roaming(), notNullValue());
        assertThat(s.roaming().roaming(), is(roaming));
        assertThat(s.roaming().countryCode(), is(countryCode));
        assertThat(s.roaming().countryName(), is(countryName));
    }

    private static void subscription(DeviceStatus s, String id, boolean ended, String reason) {
        DeviceStatus.Subscription sub = s.subscriptions().stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no subscription " + id + " in " + s.subscriptions()));
        assertThat(sub.ended(), is(ended));
        assertThat(sub.reason(), is(reason));
    }
}
