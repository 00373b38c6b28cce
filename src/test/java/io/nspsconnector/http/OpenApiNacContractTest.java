package io.nspsconnector.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.NacFixtures;
import io.nspsconnector.testing.TestConnector;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.nspsconnector.http.OpenApiContract.CLOUDEVENTS;
import static io.nspsconnector.http.OpenApiContract.DEVICE_STATUS;
import static io.nspsconnector.http.OpenApiContract.NAC_MAX_BODY;
import static io.nspsconnector.http.OpenApiContract.NAC_TOKEN;
import static io.nspsconnector.http.OpenApiContract.NOTIFICATIONS;
import static io.nspsconnector.http.OpenApiContract.SCHEMAS;
import static io.nspsconnector.testing.OpenApiSchemas.contentType;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * {@code openapi.yaml} against the Network as Code receiver: every NaC fixture, bent notifications, auth and body
 * errors are answered as documented, the documented notification schema accepts exactly what the server accepts,
 * and the device views answer as documented.
 */
class OpenApiNacContractTest {

    @RegisterExtension
    static final ConnectorHarness harness = OpenApiContract.connector();
    private final Http1Client client = harness.client();

    /** Every file in {@code fixtures/nac/}, so a fixture added without a documented case fails here. */
    static Stream<String> nacFixtures() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src", "test", "resources", "fixtures", "nac"))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nacFixtures")
    void everyNacFixtureIsAnsweredAsDocumented(String file) {
        Map<String, NacFixtures.Case> cases = NacFixtures.cases().stream()
                .collect(Collectors.toMap(NacFixtures.Case::file, Function.identity()));
        assertThat(file + " has a documented case", cases.containsKey(file), is(true));
        boolean accepted = cases.get(file).outcome() != null;
        byte[] body = Fixtures.bytes("nac/" + file);
        // the second time is a re-delivery (or the same invalid body again): answered the same way
        for (String contentType : List.of(CLOUDEVENTS, "application/json")) {
            try (Http1ClientResponse res = harness.post(NOTIFICATIONS, "Bearer " + NAC_TOKEN, contentType, body)) {
                assertThat(file + " as " + contentType, res.status(),
                           is(accepted ? Status.NO_CONTENT_204 : Status.BAD_REQUEST_400));
                SCHEMAS.assertConforms(NOTIFICATIONS, "post", res);
            }
            // the documented request body accepts exactly what the server accepts
            List<Error> errors = SCHEMAS.schema(SCHEMAS.requestSchema(NOTIFICATIONS, "post", contentType))
                    .validate(new String(body, StandardCharsets.UTF_8), InputFormat.JSON);
            assertThat(file + " fits the documented request body: " + errors, errors.isEmpty(), is(accepted));
        }
    }

    /** Fixtures bent one way each: {fixture, JSON patch as text, whether the server accepts the result}. */
    static Stream<Arguments> bentNotifications() {
        return Stream.of(
                bent("g1-roaming-status-on.json", "[{\"op\":\"remove\",\"path\":\"/data/roaming\"}]", false),
                bent("g2-roaming-status.json",
                     "[{\"op\":\"replace\",\"path\":\"/data/roaming\",\"value\":\"yes\"}]", false),
                bent("g2-reachability-data.json",
                     "[{\"op\":\"remove\",\"path\":\"/data/subscriptionId\"}]", false),
                bent("g1-subscription-ends-expired.json",
                     "[{\"op\":\"remove\",\"path\":\"/data/terminationReason\"}]", false),
                bent("g1-connectivity-data.json", "[{\"op\":\"remove\",\"path\":\"/data\"}]", false),
                bent("g1-connectivity-data.json",
                     "[{\"op\":\"replace\",\"path\":\"/source\",\"value\":\" \"}]", false),
                bent("g1-connectivity-data.json",
                     "[{\"op\":\"replace\",\"path\":\"/time\",\"value\":\"2024-05-23T08:15:02\"}]", false),
                bent("g0-legacy-connectivity.json",
                     "[{\"op\":\"remove\",\"path\":\"/event/eventDetail/deviceStatus\"}]", false),
                bent("g0-legacy-roaming-status.json",
                     "[{\"op\":\"remove\",\"path\":\"/event/eventDetail/roaming\"}]", false),
                // a type this receiver does not handle needs no data, and a handled G1 type needs no subscriptionId
                bent("edge-unknown-type.json", "[{\"op\":\"remove\",\"path\":\"/data\"}]", true),
                bent("g1-connectivity-sms.json", "[{\"op\":\"remove\",\"path\":\"/data/subscriptionId\"}]",
                     true),
                bent("g1-roaming-status-off.json",
                     "[{\"op\":\"add\",\"path\":\"/data/countryCode\",\"value\":\"262\"}]", true));
    }

    private static Arguments bent(String fixture, String patch, boolean accepted) {
        return Arguments.of(fixture, patch, accepted);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bentNotifications")
    void theDocumentedRequestBodyRejectsWhatTheServerRejects(String fixture, String patch, boolean accepted) {
        JsonObject original = Fixtures.json(Fixtures.text("nac/" + fixture));
        String body = Json.createPatch(Fixtures.json("{\"p\":" + patch + "}").getJsonArray("p"))
                .apply(original).toString();
        try (Http1ClientResponse res = harness.post(NOTIFICATIONS, "Bearer " + NAC_TOKEN, CLOUDEVENTS,
                                                    body.getBytes(StandardCharsets.UTF_8))) {
            assertThat(body, res.status(), is(accepted ? Status.NO_CONTENT_204 : Status.BAD_REQUEST_400));
            SCHEMAS.assertConforms(NOTIFICATIONS, "post", res);
        }
        List<Error> errors = SCHEMAS.schema(SCHEMAS.requestSchema(NOTIFICATIONS, "post", CLOUDEVENTS))
                .validate(body, InputFormat.JSON);
        assertThat(body + " fits the documented request body: " + errors, errors.isEmpty(), is(accepted));
    }

    @Test
    void notificationErrorsAreAnsweredAsDocumented() {
        byte[] good = Fixtures.bytes("nac/g1-connectivity-sms.json");
        List<Integer> statuses = new ArrayList<>();
        for (String token : List.of("wrong-token", TestConnector.API_TOKEN)) {
            try (Http1ClientResponse res = harness.post(NOTIFICATIONS, "Bearer " + token, CLOUDEVENTS, good)) {
                statuses.add(res.status().code());
                SCHEMAS.assertConforms(NOTIFICATIONS, "post", res);
            }
        }
        try (Http1ClientResponse res = client.post(NOTIFICATIONS).header(HeaderNames.CONTENT_TYPE, CLOUDEVENTS)
                .header(HeaderNames.create("x-correlator"), "contract-401").submit(good)) {
            statuses.add(res.status().code());
            assertThat(res.headers().first(HeaderNames.create("x-correlator")).orElse(""), is("contract-401"));
            SCHEMAS.assertConforms(NOTIFICATIONS, "post", res);
        }
        try (Http1ClientResponse res = harness.post(NOTIFICATIONS, "Bearer " + NAC_TOKEN, "text/plain", good)) {
            statuses.add(res.status().code());
            SCHEMAS.assertConforms(NOTIFICATIONS, "post", res);
        }
        byte[] large = new byte[NAC_MAX_BODY + 1];
        java.util.Arrays.fill(large, (byte) ' ');
        try (Http1ClientResponse res = harness.post(NOTIFICATIONS, "Bearer " + NAC_TOKEN, CLOUDEVENTS, large)) {
            statuses.add(res.status().code());
            SCHEMAS.assertConforms(NOTIFICATIONS, "post", res);
        }
        for (String malformed : List.of("{", "[]", "{\"id\":\"x\"}")) {
            try (Http1ClientResponse res = harness.post(NOTIFICATIONS, "Bearer " + NAC_TOKEN, CLOUDEVENTS,
                                                        malformed.getBytes(StandardCharsets.UTF_8))) {
                statuses.add(res.status().code());
                SCHEMAS.assertConforms(NOTIFICATIONS, "post", res);
            }
        }
        try (Http1ClientResponse res = harness.post(NOTIFICATIONS, "Bearer " + NAC_TOKEN,
                                                    "application/cloudevents-batch+json", good)) {
            statuses.add(res.status().code());
            SCHEMAS.assertConforms(NOTIFICATIONS, "post", res);
        }
        assertThat(statuses, is(List.of(401, 401, 401, 415, 413, 400, 400, 400, 400)));
    }

    @Test
    void deviceViewsAnswerAsDocumented() {
        String phone = "+4470" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String connectivitySub = UUID.randomUUID().toString();
        String roamingSub = UUID.randomUUID().toString();
        for (String file : List.of("g1-connectivity-data.json", "g1-roaming-status-on.json",
                                   "g1-subscription-ends-network-terminated.json")) {
            byte[] body = Fixtures.text("nac/" + file)
                    .replace(NacFixtures.PHONE_1, phone)
                    .replace(NacFixtures.SUB_G1_CONNECTIVITY, connectivitySub)
                    .replace(NacFixtures.SUB_G1_ROAMING, roamingSub)
                    .replaceFirst("\"id\": \"[^\"]+\"", "\"id\": \"" + UUID.randomUUID() + "\"")
                    .getBytes(StandardCharsets.UTF_8);
            try (Http1ClientResponse res = harness.post(NOTIFICATIONS, "Bearer " + NAC_TOKEN, CLOUDEVENTS, body)) {
                assertThat(file, res.status(), is(Status.NO_CONTENT_204));
            }
        }

        String encoded = java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8);
        try (Http1ClientResponse res = getDevices("/devices/" + encoded + "/status", Map.of())) {
            assertThat(res.status(), is(Status.OK_200));
            String body = res.as(String.class);
            JsonObject status = Fixtures.json(body);
            assertThat(status.getString("key"), is(phone));
            assertThat("roaming and an ended subscription are shown", status.isNull("roaming"), is(false));
            assertThat(status.getJsonArray("subscriptions").stream()
                               .map(s -> s.asJsonObject().getString("state")).toList(), hasItem("ENDED"));
            SCHEMAS.assertConforms(DEVICE_STATUS, "get", Status.OK_200, contentType(res), body);
        }
        try (Http1ClientResponse res = getDevices("/devices/%2B4400000000000/status", Map.of())) {
            assertThat(res.status(), is(Status.NOT_FOUND_404));
            SCHEMAS.assertConforms(DEVICE_STATUS, "get", res);
        }
        try (Http1ClientResponse res = getDevices("/devices", Map.of("limit", "1000"))) {
            assertThat(res.status(), is(Status.OK_200));
            String body = res.as(String.class);
            assertThat(body.contains("\"key\":\"" + phone + "\""), is(true));
            SCHEMAS.assertConforms("/devices", "get", Status.OK_200, contentType(res), body);
        }
        try (Http1ClientResponse res = getDevices("/devices", Map.of("offset", "1", "limit", "1"))) {
            assertThat(res.status(), is(Status.OK_200));
            SCHEMAS.assertConforms("/devices", "get", res);
        }
        for (Map<String, String> bad : List.of(Map.of("limit", "0"), Map.of("limit", "1001"),
                                               Map.of("offset", "-1"), Map.of("limit", "ten"))) {
            try (Http1ClientResponse res = getDevices("/devices", bad)) {
                assertThat(bad.toString(), res.status(), is(Status.BAD_REQUEST_400));
                SCHEMAS.assertConforms("/devices", "get", res);
            }
        }
        for (String path : List.of("/devices", "/devices/" + encoded + "/status")) {
            try (Http1ClientResponse res = client.get(path).skipUriEncoding(true)
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + NAC_TOKEN).request()) {
                assertThat(path, res.status(), is(Status.UNAUTHORIZED_401));
                SCHEMAS.assertConforms(path.equals("/devices") ? "/devices" : DEVICE_STATUS, "get", res);
            }
        }
    }

    /** GET with the API token; the path is sent as written (already URL-encoded). */
    private Http1ClientResponse getDevices(String path, Map<String, String> query) {
        Http1ClientRequest req = client.get(path).skipUriEncoding(true)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN);
        query.forEach(req::queryParam);
        return req.request();
    }
}
