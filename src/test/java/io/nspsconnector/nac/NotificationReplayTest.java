package io.nspsconnector.nac;

import java.util.List;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;

import ch.qos.logback.classic.Level;
import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.LogCapture;
import io.nspsconnector.testing.NacFixtures;
import io.nspsconnector.testing.TestConnector;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The fixtures' replay order over HTTP, with the status view after each step, then the G2 and legacy
 * fixtures; every log line written meanwhile is rendered with the production encoder and checked for tokens and
 * unmasked identifiers.
 */
class NotificationReplayTest {

    private static final String REQUEST_ID_PREFIX = "nac-replay-";

    private int requests;

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.withoutFake(
            NotificationEndpointTest.NO_WTL, Map.of(), NotificationEndpointTest.NAC_ENV);
    private final Http1Client client = harness.client();

    @Test
    void latestStatusWinsAndNothingSensitiveIsLogged() {
        LogCapture captured = LogCapture.of("io.nspsconnector.nac", Level.DEBUG);
        try (captured) {
            for (var step : NacFixtures.replayOrder()) {
                assertThat(step.getKey(), post(step.getKey()), is(Status.NO_CONTENT_204));
                JsonObject c = status(NacFixtures.PHONE_1).getJsonObject("connectivity");
                assertThat(step.getKey(), c.getString("status") + "@" + c.getString("time"), is(step.getValue()));
            }
            JsonObject ended = status(NacFixtures.PHONE_1);
            assertThat(ended.getBoolean("tracked"), is(false));
            JsonObject sub = ended.getJsonArray("subscriptions").getJsonObject(0);
            assertThat(sub.getString("state"), is("ENDED"));
            assertThat(sub.getString("terminationReason"), is("SUBSCRIPTION_EXPIRED"));

            for (String g2 : List.of("g2-reachability-data.json", "g2-reachability-sms.json",
                                     "g2-reachability-disconnected.json", "g2-roaming-status.json",
                                     "g2-roaming-change-country.json", "g2-roaming-off.json")) {
                assertThat(g2, post(g2), is(Status.NO_CONTENT_204));
            }
            JsonObject g2 = status(NacFixtures.PHONE_2);
            assertThat(g2.getJsonObject("connectivity").getString("status"), is("NOT_CONNECTED"));
            assertThat(g2.getJsonObject("roaming").getBoolean("roaming"), is(false));
            assertThat(g2.getJsonObject("roaming").isNull("countryCode"), is(true));
            assertThat(g2.getJsonObject("device").getString("ipv6Address"), is("2001:db8:1234:5678::1"));

            assertThat(post("g0-legacy-roaming-status.json"), is(Status.NO_CONTENT_204));
            JsonObject roaming = status(NacFixtures.PHONE_1).getJsonObject("roaming");
            assertThat(roaming.getInt("countryCode"), is(244));
            assertThat(roaming.getJsonArray("countryName").getString(0), is("Finland"));
            assertThat(post("g1-subscription-ends-network-terminated.json"), is(Status.NO_CONTENT_204));
        }

        // only this test's requests (other test classes may log at the same time)
        List<String> lines = captured.lines(
                e -> e.getMDCPropertyMap().getOrDefault("unique_id", "").startsWith(REQUEST_ID_PREFIX));
        String all = String.join("\n", lines);
        assertThat("one line per notification", lines.size(), is(NacFixtures.replayOrder().size() + 6 + 2));
        assertThat(all, containsString("\"device\":\"********456\""));
        assertThat(all, containsString("\"outcome\":\"stale\""));
        assertThat(all, containsString("\"outcome\":\"duplicate\""));
        for (String line : lines) {
            assertThat("no key twice: " + line, line.split("\"notification_id\":", -1).length, is(2));
        }
        assertThat(lines.stream().filter(l -> l.contains("\"level\":\"WARN\"")
                && l.contains("\"termination_reason\":\"SUBSCRIPTION_EXPIRED\"")).count(), is(1L));
        for (String secret : List.of(NotificationEndpointTest.NAC_TOKEN, TestConnector.API_TOKEN, "3670123456",
                                     "3670987654", "sensor-042", "203.0.113.10", "2001:db8")) {
            assertThat(secret + " must not be logged", all.contains(secret), is(false));
        }
    }

    private Status post(String fixture) {
        try (Http1ClientResponse res = harness.request("/notifications", "Bearer " + NotificationEndpointTest.NAC_TOKEN,
                                                       "application/cloudevents+json")
                .header(HeaderNames.create("x-request-id"), REQUEST_ID_PREFIX + requests++)
                .submit(Fixtures.bytes("nac/" + fixture))) {
            return res.status();
        }
    }

    private JsonObject status(String phone) {
        try (Http1ClientResponse res = client.get("/devices/%2B" + phone.substring(1) + "/status").skipUriEncoding(true)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN).request()) {
            assertThat(res.status(), is(Status.OK_200));
            return res.as(JsonObject.class);
        }
    }
}
