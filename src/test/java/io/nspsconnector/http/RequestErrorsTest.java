package io.nspsconnector.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.RawHttp;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** Requests that never reach the rules: authentication, malformed bodies, limits, unknown routes; and the probes. */
class RequestErrorsTest {

    private static final int MAX_BODY = 64 * 1024;

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.max-body-size", Integer.toString(MAX_BODY)));
    private final WtlFake wtl = harness.wtl();
    private final Http1Client client = harness.client();
    private final WebServer server = harness.server();

    @Test
    void rejectsMissingBearerWith401() {
        try (Http1ClientResponse res = client.post("/process-event")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(Fixtures.bytes("nsps/sim-updated.json"))) {
            assertUnauthorized(res);
        }
        assertThat(wtl.calls(), is(empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong-token", "Basic dGVzdA==", "Bearer", "Bearer ", "Token test-api-token",
            "Bearertest-api-token", "Bearer test-api-token-extra", "Bearer TEST-API-TOKEN"})
    void rejectsEveryOtherAuthorizationWith401(String authorization) {
        try (Http1ClientResponse res = harness.post("/process-event", authorization, "application/json",
                                                    Fixtures.bytes("nsps/sim-updated.json"))) {
            assertUnauthorized(res);
        }
        assertThat(wtl.calls(), is(empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer test-api-token", "bearer test-api-token", "BEARER   test-api-token",
            "Bearer test-api-token-next"})
    void acceptsTheSchemeInAnyCaseAndEveryRotatedToken(String authorization) {
        try (Http1ClientResponse res = harness.post("/process-event", authorization, "application/json",
                                                    Fixtures.bytes("nsps/sim-updated.json"))) {
            assertThat(res.status(), is(Status.ACCEPTED_202));
        }
    }

    @Test
    void authenticatesBeforeLookingAtTheBody() {
        try (Http1ClientResponse res = harness.post("/process-event", "Bearer wrong", "text/plain",
                                                    "{not json".getBytes(StandardCharsets.UTF_8))) {
            assertUnauthorized(res);
        }
    }

    @Test
    void malformedJsonIs422ValidationError() {
        JsonObject body = expect(Status.UNPROCESSABLE_CONTENT_422, "application/json", "{not json");

        assertThat(body.getString("message"), is("Validation failed"));
        assertThat(body.getString("type"), is("VALIDATION_ERROR"));
        assertThat(body.getJsonArray("details").getJsonObject(0).getString("field"), is("body"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"text\"", "42", "null", "{\"event_id\": 1, \"data\": []}",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"SIM/Updated\"}} trailing",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"SIM/Updated\"}}{}",
            "{\"event_id\":\"e\",\"event_id\":\"f\",\"data\":{\"event_type\":\"SIM/Updated\"}}",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"SIM/\u0000\"",
            "\uFEFF{\"event_id\":\"e\"}"})
    void nonEventBodiesAre422(String body) {
        JsonObject answer = expect(Status.UNPROCESSABLE_CONTENT_422, "application/json", body);

        assertThat(answer.getString("type"), is("VALIDATION_ERROR"));
        assertThat(answer.getJsonArray("details").isEmpty(), is(false));
        assertThat(wtl.calls(), is(empty()));
    }

    @Test
    void deeplyNestedJsonIs422NotACrash() {
        String body = "{\"event_id\":\"e\",\"data\":{\"event_type\":\"SIM/Updated\"},\"x\":"
                + "[".repeat(5000) + "]".repeat(5000) + "}";

        JsonObject answer = expect(Status.UNPROCESSABLE_CONTENT_422, "application/json", body);

        assertThat(answer.getString("type"), is("VALIDATION_ERROR"));
    }

    @Test
    void listsEveryMissingRequiredField() {
        JsonObject answer = expect(Status.UNPROCESSABLE_CONTENT_422, "application/json", "{\"pb_data\":{}}");

        assertThat(answer.getJsonArray("details"), hasSize(2));
        assertThat(answer.getJsonArray("details").getJsonObject(0).getString("field"), is("event_id"));
        assertThat(answer.getJsonArray("details").getJsonObject(1).getString("field"), is("data"));
    }

    @Test
    void nonJsonContentTypeIs415() {
        JsonObject answer = expect(Status.UNSUPPORTED_MEDIA_TYPE_415, "application/x-www-form-urlencoded",
                                   Fixtures.text("nsps/sim-updated.json"));

        assertThat(answer.getString("type"), is("VALIDATION_ERROR"));
        assertThat(answer.getString("error"), containsString("application/x-www-form-urlencoded"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        JsonObject answer = expect(Status.REQUEST_ENTITY_TOO_LARGE_413, "application/json", padded(MAX_BODY + 1));

        assertThat(answer.getString("type"), is("VALIDATION_ERROR"));
        assertThat(answer.getString("error"), containsString(Integer.toString(MAX_BODY)));
        assertThat(wtl.calls(), is(empty()));
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        byte[] body = padded(MAX_BODY + 1).getBytes(StandardCharsets.UTF_8);
        try (Http1ClientResponse res = client.post("/process-event")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .outputStream(out -> {
                    new ByteArrayInputStream(body).transferTo(out);
                    out.close();
                })) {
            assertThat(res.status(), is(Status.REQUEST_ENTITY_TOO_LARGE_413));
            assertThat(res.as(JsonObject.class).getString("type"), is("VALIDATION_ERROR"));
        }
    }

    @Test
    void hugeDeclaredBodyIsRefusedBeforeReadingItStillAsJson() throws IOException {
        String answer = raw("POST /process-event HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Authorization: Bearer " + TestConnector.API_TOKEN + "\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{");

        assertThat(answer, startsWith("HTTP/1.1 413"));
        assertThat(answer, containsString("\"type\":\"VALIDATION_ERROR\""));
    }

    @Test
    void malformedHttpIsAnsweredInTheErrorFormat() throws IOException {
        String answer = raw("NOT-HTTP garbage\r\n\r\n");

        assertThat(answer, startsWith("HTTP/1.1 400"));
        assertThat(answer, containsString("\"type\":\"VALIDATION_ERROR\""));
    }

    /** Sends bytes on a fresh connection and reads the answer until the server closes it or 2 s of silence. */
    private String raw(String request) {
        return RawHttp.untilQuiet(server.port(), request, Duration.ofSeconds(2)).utf8();
    }

    @Test
    void bodyJustUnderTheLimitIsProcessed() {
        String body = padded(MAX_BODY);
        assertThat(body.getBytes(StandardCharsets.UTF_8).length, is(MAX_BODY));

        try (Http1ClientResponse res = harness.post("/process-event", "Bearer " + TestConnector.API_TOKEN,
                                                    "application/json", body.getBytes(StandardCharsets.UTF_8))) {
            assertThat(res.status(), is(Status.ACCEPTED_202));
        }
        assertThat(wtl.calls(), hasSize(1));
    }

    @Test
    void unknownPathIsJson404() {
        try (Http1ClientResponse res = client.post("/nope").submit("{}")) {
            assertThat(res.status(), is(Status.NOT_FOUND_404));
            JsonObject body = res.as(JsonObject.class);
            assertThat(body.getString("message"), is("Resource not found"));
            assertThat(body.getString("type"), is("VALIDATION_ERROR"));
        }
    }

    @Test
    void wrongMethodIsJson405WithAllow() {
        try (Http1ClientResponse res = client.method(Method.GET).path("/process-event").request()) {
            assertThat(res.status(), is(Status.METHOD_NOT_ALLOWED_405));
            assertThat(res.headers().first(HeaderNames.ALLOW).orElse(""), is("POST"));
            JsonObject body = res.as(JsonObject.class);
            assertThat(body.getString("message"), is("Method not allowed"));
            assertThat(body.getString("type"), is("VALIDATION_ERROR"));
        }
    }

    @Test
    void healthAnswers200JsonWithoutAuth() {
        for (String path : new String[] {"/health", "/health/live", "/health/ready"}) {
            try (Http1ClientResponse res = client.get(path).request()) {
                assertThat(path, res.status(), is(Status.OK_200));
                assertThat(path, res.as(JsonObject.class).getString("status"), is("UP"));
            }
        }
        assertThat(wtl.calls(), is(empty()));
    }

    @Test
    void metricsExposeEventsByTypeAndOutcome() {
        try (Http1ClientResponse ignored = harness.post("/process-event", "Bearer " + TestConnector.API_TOKEN,
                                                        "application/json", Fixtures.bytes("nsps/unknown-event-type.json"))) {
            assertThat(ignored.status(), is(Status.ACCEPTED_202));
        }
        try (Http1ClientResponse res = client.get("/metrics").request()) {
            assertThat(res.status(), is(Status.OK_200));
            String text = res.as(String.class);
            assertThat(text, containsString("nsps_events_total{event_type=\"unmapped\",outcome=\"ignored\""));
            assertThat(text, containsString("wtl_circuit_breaker_state"));
            assertThat(text, containsString("nsps_event_duration_seconds_bucket"));
        }
    }

    private static void assertUnauthorized(Http1ClientResponse res) {
        assertThat(res.status(), is(Status.UNAUTHORIZED_401));
        assertThat(res.headers().first(HeaderNames.WWW_AUTHENTICATE).orElse(""), is("Bearer"));
        JsonObject body = res.as(JsonObject.class);
        assertThat(body.getString("message"), is("Invalid access token"));
        assertThat(body.getString("type"), is("AUTHENTICATION_ERROR"));
    }

    private JsonObject expect(Status status, String contentType, String body) {
        try (Http1ClientResponse res = harness.post("/process-event", "Bearer " + TestConnector.API_TOKEN, contentType,
                                                    body.getBytes(StandardCharsets.UTF_8))) {
            assertThat(res.status(), is(status));
            return res.as(JsonObject.class);
        }
    }

    /** The sample event padded with an ignored field to exactly {@code size} bytes. */
    private static String padded(int size) {
        String sample = Fixtures.text("nsps/sim-updated.json").strip();
        String head = sample.substring(0, sample.length() - 1) + ",\"padding\":\"";
        char[] fill = new char[size - head.length() - 2];
        Arrays.fill(fill, 'x');
        return head + new String(fill) + "\"}";
    }
}
