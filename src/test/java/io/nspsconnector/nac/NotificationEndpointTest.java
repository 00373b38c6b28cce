package io.nspsconnector.nac;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.NacFixtures;
import io.nspsconnector.testing.TestConnector;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * The Network as Code webhook and device views over HTTP: status of every fixture, authentication, media types,
 * malformed notifications in the shared error format, duplicates, out-of-order events, unknown types, paging,
 * metrics. Each test uses its own devices and notification ids, so the tests do not depend on each other.
 */
class NotificationEndpointTest {

    static final String NAC_TOKEN = "test-nac-token";
    static final String NAC_TOKEN_NEXT = "test-nac-token-next";

    /** WTL is never called by these tests: nothing listens there. */
    static final String NO_WTL = "http://127.0.0.1:9/wtl/hlr/v1";
    /** The receiver on, with two accepted tokens. */
    static final Map<String, String> NAC_ENV = Map.of("NAC_ENABLED", "true",
                                                      "NAC_NOTIFICATION_TOKEN", NAC_TOKEN + "," + NAC_TOKEN_NEXT);

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.withoutFake(
            NO_WTL, Map.of("connector.nac.max-body-size", "4096"), NAC_ENV);
    private final Http1Client client = harness.client();

    static List<NacFixtures.Case> cases() {
        return NacFixtures.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyFixtureGetsItsDocumentedStatus(NacFixtures.Case c) {
        try (Http1ClientResponse res = harness.postNotification(NAC_TOKEN, Fixtures.bytes("nac/" + c.file()))) {
            if (c.outcome() == null) {
                JsonObject body = assertError(res, Status.BAD_REQUEST_400, "Invalid notification", "VALIDATION_ERROR");
                assertThat(body.getJsonArray("details").getJsonObject(0).getString("field"), is(c.invalidField()));
            } else {
                assertThat(res.status(), is(Status.NO_CONTENT_204));
            }
        }
    }

    @Test
    void appliesANotificationAndShowsTheDeviceStatus() {
        String phone = newPhone();
        assertThat(send(connectivity(phone, "data", "2024-06-01T10:00:00.123Z")), is(Status.NO_CONTENT_204));

        JsonObject status = status(phone);
        assertThat(status.getString("key"), is(phone));
        assertThat(status.getString("keyType"), is("phoneNumber"));
        assertThat(status.getJsonObject("connectivity").getString("status"), is("CONNECTED_DATA"));
        assertThat(status.getJsonObject("connectivity").getString("time"), is("2024-06-01T10:00:00.123Z"));
        assertThat(status.isNull("roaming"), is(true));
        assertThat(status.getJsonArray("subscriptions").getJsonObject(0).getString("state"), is("ACTIVE"));
        assertThat(status.getBoolean("tracked"), is(true));
    }

    @Test
    void duplicateIsAcceptedButNotAppliedAgain() {
        String phone = newPhone();
        String first = connectivity(phone, "disconnected", "2024-06-01T10:00:00Z");
        assertThat(send(first), is(Status.NO_CONTENT_204));
        // same source and id, different content: a re-delivery, not a new event
        String again = first.replace("connectivity-disconnected", "connectivity-data")
                .replace("2024-06-01T10:00:00Z", "2024-06-01T11:00:00Z");
        double duplicatesBefore = metric("nac_notifications_dropped_total{aspect=\"none\",reason=\"duplicate\"");

        assertThat(send(again), is(Status.NO_CONTENT_204));

        assertThat(status(phone).getJsonObject("connectivity").getString("status"), is("NOT_CONNECTED"));
        assertThat(metric("nac_notifications_dropped_total{aspect=\"none\",reason=\"duplicate\""),
                   greaterThan(duplicatesBefore));
    }

    @Test
    void olderEventNeverOverwritesNewerStateOfTheSameAspect() {
        String phone = newPhone();
        assertThat(send(connectivity(phone, "sms", "2024-06-01T10:00:00Z")), is(Status.NO_CONTENT_204));
        assertThat(send(roaming(phone, "2024-06-01T08:00:00Z")), is(Status.NO_CONTENT_204));
        double staleBefore = metric("nac_notifications_dropped_total{aspect=\"connectivity\",reason=\"stale\"");

        assertThat(send(connectivity(phone, "data", "2024-06-01T09:59:59.999Z")), is(Status.NO_CONTENT_204));

        JsonObject status = status(phone);
        assertThat(status.getJsonObject("connectivity").getString("status"), is("CONNECTED_SMS"));
        assertThat("the other aspect is ordered on its own", status.getJsonObject("roaming").getBoolean("roaming"),
                   is(true));
        assertThat(metric("nac_notifications_dropped_total{aspect=\"connectivity\",reason=\"stale\""),
                   greaterThan(staleBefore));
    }

    @Test
    void unknownTypeIsAcceptedAndCountedWithoutState() {
        String phone = newPhone();
        double before = metric("nac_notifications_total{outcome=\"unknown_type\",type=\"unknown\"");

        assertThat(send(connectivity(phone, "data", "2024-06-01T10:00:00Z")
                                .replace("device-status.v0.connectivity-data",
                                         "connected-network-type-subscriptions.v0.network-type-changed")),
                   is(Status.NO_CONTENT_204));

        assertDeviceNotFound(phone);
        assertThat(metric("nac_notifications_total{outcome=\"unknown_type\",type=\"unknown\""),
                   greaterThan(before));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic dGVzdDp0ZXN0", "Bearer wrong-token", "Bearer " + TestConnector.API_TOKEN})
    void refusesAnythingButTheNotificationTokenWith401(String authorization) {
        String phone = newPhone();
        Http1ClientRequest req = client.post("/notifications")
                .header(HeaderNames.CONTENT_TYPE, "application/cloudevents+json")
                .header(HeaderNames.create("x-correlator"), "corr-401");
        if (!authorization.isEmpty()) {
            req.header(HeaderNames.AUTHORIZATION, authorization);
        }
        try (Http1ClientResponse res = req.submit(connectivity(phone, "data", "2024-06-01T10:00:00Z"))) {
            assertError(res, Status.UNAUTHORIZED_401, "Invalid access token", "AUTHENTICATION_ERROR");
            assertThat(res.headers().first(HeaderNames.WWW_AUTHENTICATE).orElse(""), is("Bearer"));
            assertThat(res.headers().first(HeaderNames.create("x-correlator")).orElse(""), is("corr-401"));
        }
        assertDeviceNotFound(phone);
    }

    @Test
    void acceptsTheRotatedTokenAndALowerCaseScheme() {
        try (Http1ClientResponse res = client.post("/notifications")
                .header(HeaderNames.AUTHORIZATION, "bearer " + NAC_TOKEN_NEXT)
                .header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .submit(connectivity(newPhone(), "data", "2024-06-01T10:00:00Z"))) {
            assertThat(res.status(), is(Status.NO_CONTENT_204));
        }
    }

    @Test
    void echoesTheCorrelator() {
        try (Http1ClientResponse res = client.post("/notifications")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + NAC_TOKEN)
                .header(HeaderNames.CONTENT_TYPE, "application/cloudevents+json")
                .header(HeaderNames.create("x-correlator"), "b4333c46-49c0-4f62-80d7-f0ef930f1c46")
                .submit(connectivity(newPhone(), "data", "2024-06-01T10:00:00Z"))) {
            assertThat(res.status(), is(Status.NO_CONTENT_204));
            assertThat(res.headers().first(HeaderNames.create("x-correlator")).orElse(""),
                       is("b4333c46-49c0-4f62-80d7-f0ef930f1c46"));
        }
    }

    @Test
    void malformedNotificationsAre400InTheSharedFormat() {
        String phone = newPhone();
        String good = connectivity(phone, "data", "2024-06-01T10:00:00Z");
        Map<String, String> broken = Map.of(
                "body", "[" + good + "]",
                "time", good.replace("2024-06-01T10:00:00Z", "2024-06-01 10:00"),
                "data", good.replaceAll("\"data\":\\{.*}}$", "\"data\":null}"),
                "data.roaming", roaming(phone, "2024-06-01T10:00:00Z").replace("\"roaming\":true", "\"roaming\":\"yes\""),
                "source", good.replaceAll("\"source\":\"[^\"]*\"", "\"source\":\"\""));
        broken.forEach((field, body) -> {
            try (Http1ClientResponse res = harness.postNotification(NAC_TOKEN, body.getBytes(StandardCharsets.UTF_8))) {
                JsonObject error = assertError(res, Status.BAD_REQUEST_400, "Invalid notification",
                                               "VALIDATION_ERROR");
                assertThat(field, error.getJsonArray("details").getJsonObject(0).getString("field"), is(field));
            }
        });
        assertDeviceNotFound(phone);
    }

    @Test
    void mediaTypesAndSizeAndMethod() {
        byte[] body = connectivity(newPhone(), "data", "2024-06-01T10:00:00Z").getBytes(StandardCharsets.UTF_8);
        try (Http1ClientResponse res = harness.post("/notifications", "Bearer " + NAC_TOKEN, "text/plain", body)) {
            assertError(res, Status.UNSUPPORTED_MEDIA_TYPE_415, "Unsupported media type", "VALIDATION_ERROR");
        }
        try (Http1ClientResponse res = harness.post("/notifications", "Bearer " + NAC_TOKEN,
                                                    "application/cloudevents-batch+json", body)) {
            assertError(res, Status.BAD_REQUEST_400, "Invalid notification", "VALIDATION_ERROR");
        }
        byte[] large = new byte[5000];
        java.util.Arrays.fill(large, (byte) ' ');
        try (Http1ClientResponse res = harness.post("/notifications", "Bearer " + NAC_TOKEN, "application/json",
                                                    large)) {
            assertError(res, Status.REQUEST_ENTITY_TOO_LARGE_413, "Payload too large", "VALIDATION_ERROR");
        }
        try (Http1ClientResponse res = client.get("/notifications")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + NAC_TOKEN).request()) {
            assertError(res, Status.METHOD_NOT_ALLOWED_405, "Method not allowed", "VALIDATION_ERROR");
            assertThat(res.headers().first(HeaderNames.ALLOW).orElse(""), is("POST"));
        }
    }

    @Test
    void deviceViewsNeedTheApiTokenNotTheNotificationToken() {
        String phone = newPhone();
        send(connectivity(phone, "data", "2024-06-01T10:00:00Z"));
        for (String path : List.of("/devices", "/devices/" + encode(phone) + "/status")) {
            try (Http1ClientResponse res = client.get(path).skipUriEncoding(true)
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + NAC_TOKEN).request()) {
                assertError(res, Status.UNAUTHORIZED_401, "Invalid access token", "AUTHENTICATION_ERROR");
            }
        }
        try (Http1ClientResponse res = client.delete("/devices/" + encode(phone) + "/status").skipUriEncoding(true)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN).request()) {
            assertError(res, Status.METHOD_NOT_ALLOWED_405, "Method not allowed", "VALIDATION_ERROR");
        }
    }

    @Test
    void unknownDeviceIs404Json() {
        JsonObject body = assertDeviceNotFound(newPhone());
        assertThat(body.getString("error"), is("Unknown device"));
    }

    @Test
    void aPhoneNumberKeyMayBeGivenWithoutItsPlus() {
        String phone = newPhone();
        send(connectivity(phone, "sms", "2024-06-01T10:00:00Z"));
        try (Http1ClientResponse res = get("/devices/" + phone.substring(1) + "/status")) {
            assertThat(res.status(), is(Status.OK_200));
            assertThat(res.as(JsonObject.class).getString("key"), is(phone));
        }
    }

    @Test
    void listsDevicesPagedByKey() {
        for (int i = 0; i < 3; i++) {
            send(connectivity(newPhone(), "data", "2024-06-01T10:00:00Z"));
        }
        JsonObject first;
        try (Http1ClientResponse res = get("/devices?limit=2")) {
            assertThat(res.status(), is(Status.OK_200));
            first = res.as(JsonObject.class);
        }
        assertThat(first.getInt("limit"), is(2));
        assertThat(first.getInt("offset"), is(0));
        assertThat(first.getInt("total") >= 3, is(true));
        assertThat(first.getJsonArray("devices").size(), is(2));
        String a = first.getJsonArray("devices").getJsonObject(0).getString("key");
        String b = first.getJsonArray("devices").getJsonObject(1).getString("key");
        assertThat("ordered by key", a.compareTo(b) < 0, is(true));
        try (Http1ClientResponse res = get("/devices?offset=1&limit=1")) {
            assertThat(res.as(JsonObject.class).getJsonArray("devices").getJsonObject(0).getString("key"), is(b));
        }
        for (String bad : List.of("limit=0", "limit=1001", "offset=-1", "limit=ten")) {
            try (Http1ClientResponse res = get("/devices?" + bad)) {
                assertError(res, Status.BAD_REQUEST_400, "Invalid query", "VALIDATION_ERROR");
            }
        }
    }

    @Test
    void metricsCountNotificationsAndTrackedDevices() {
        send(connectivity(newPhone(), "data", "2024-06-01T10:00:00Z"));
        try (Http1ClientResponse res = client.get("/metrics").request()) {
            String text = res.as(String.class);
            assertThat(text, containsString("nac_notifications_total{outcome=\"accepted\","
                                                    + "type=\"device-status.connectivity-data\""));
            assertThat(text, containsString("nac_devices_tracked"));
            assertThat(text, containsString("nac_notification_duration_seconds_bucket"));
        }
        assertThat(metric("nac_devices_tracked "), greaterThan(0.0));
    }

    static String newPhone() {
        return "+4470" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
    }

    static String connectivity(String phone, String state, String time) {
        return notification("connectivity-" + state, time, "\"device\":{\"phoneNumber\":\"" + phone + "\"}");
    }

    static String roaming(String phone, String time) {
        return notification("roaming-status", time, "\"device\":{\"phoneNumber\":\"" + phone + "\"},"
                + "\"roaming\":true,\"countryCode\":262,\"countryName\":[\"DE\"]");
    }

    private static String notification(String event, String time, String data) {
        String sub = UUID.randomUUID().toString();
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/device-status/v0/subscriptions/" + sub + "\","
                + "\"type\":\"org.camaraproject.device-status.v0." + event + "\",\"specversion\":\"1.0\","
                + "\"time\":\"" + time + "\",\"data\":{" + data + ",\"subscriptionId\":\"" + sub + "\"}}";
    }

    private Status send(String body) {
        try (Http1ClientResponse res = harness.postNotification(NAC_TOKEN, body.getBytes(StandardCharsets.UTF_8))) {
            return res.status();
        }
    }

    /** GET with the API token; the path is sent as written (already URL-encoded), {@code ?a=b&c=d} as query. */
    private Http1ClientResponse get(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        Http1ClientRequest req = client.get(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q))
                .skipUriEncoding(true)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN);
        if (q >= 0) {
            for (String param : pathAndQuery.substring(q + 1).split("&")) {
                String[] kv = param.split("=", 2);
                req.queryParam(kv[0], kv[1]);
            }
        }
        return req.request();
    }

    private JsonObject status(String key) {
        try (Http1ClientResponse res = get("/devices/" + encode(key) + "/status")) {
            assertThat(res.status(), is(Status.OK_200));
            return res.as(JsonObject.class);
        }
    }

    private JsonObject assertDeviceNotFound(String key) {
        try (Http1ClientResponse res = get("/devices/" + encode(key) + "/status")) {
            return assertError(res, Status.NOT_FOUND_404, "Resource not found", "VALIDATION_ERROR");
        }
    }

    private double metric(String prefix) {
        try (Http1ClientResponse res = client.get("/metrics").request()) {
            return res.as(String.class).lines().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
        }
    }

    private static JsonObject assertError(Http1ClientResponse res, Status status, String message, String type) {
        assertThat(res.status(), is(status));
        assertThat(res.headers().contentType().map(t -> t.mediaType().text()).orElse(""), is("application/json"));
        JsonObject body = res.as(JsonObject.class);
        assertThat(body.getString("message"), is(message));
        assertThat(body.getString("type"), is(type));
        assertThat(body.containsKey("error"), is(true));
        return body;
    }

    private static String encode(String key) {
        return java.net.URLEncoder.encode(key, StandardCharsets.UTF_8);
    }
}
