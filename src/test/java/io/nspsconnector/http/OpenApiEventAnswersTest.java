package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.WtlFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.nspsconnector.http.OpenApiContract.BEARER;
import static io.nspsconnector.http.OpenApiContract.MAX_BODY;
import static io.nspsconnector.http.OpenApiContract.SCHEMAS;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Every answer the connector gives on the event paths has a documented status, content type and a body valid
 * against the documented schema: to each NSPS fixture (processing and explain), to auth and body errors, and to
 * each WTL failure.
 */
class OpenApiEventAnswersTest {

    @RegisterExtension
    static final ConnectorHarness harness = OpenApiContract.connector();

    static Stream<String> fixtures() {
        return Fixtures.nspsCases().stream().map(Fixtures.Case::file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureIsAnsweredAsDocumented(String file) {
        for (String path : List.of("/process-event", ExplainService.PATH)) {
            try (Http1ClientResponse res = harness.post(path, BEARER, "application/json",
                                                        Fixtures.bytes("nsps/" + file))) {
                SCHEMAS.assertConforms(path, "post", res);
            }
        }
    }

    @Test
    void requestErrorsAreAnsweredAsDocumented() {
        byte[] event = Fixtures.bytes("nsps/sim-updated.json");
        for (String path : List.of("/process-event", ExplainService.PATH)) {
            try (Http1ClientResponse res = harness.post(path, null, "application/json", event)) {
                assertThat(res.status(), is(Status.UNAUTHORIZED_401));
                SCHEMAS.assertConforms(path, "post", res);
            }
            try (Http1ClientResponse res = harness.post(path, BEARER, "text/plain", event)) {
                assertThat(res.status(), is(Status.UNSUPPORTED_MEDIA_TYPE_415));
                SCHEMAS.assertConforms(path, "post", res);
            }
            try (Http1ClientResponse res = harness.post(path, BEARER, "application/json", new byte[MAX_BODY + 1])) {
                assertThat(res.status(), is(Status.REQUEST_ENTITY_TOO_LARGE_413));
                SCHEMAS.assertConforms(path, "post", res);
            }
        }
        try (Http1ClientResponse res = harness.post("/process-event", BEARER, "application/json",
                                                    "{".getBytes(StandardCharsets.UTF_8))) {
            assertThat(res.status(), is(Status.UNPROCESSABLE_CONTENT_422));
            SCHEMAS.assertConforms("/process-event", "post", res);
        }
    }

    @Test
    void wtlFailuresAreAnsweredAsDocumented() {
        List<WtlFake.Reply> replies = List.of(
                WtlFake.Reply.of(200, "{\"result\":false,\"error\":\"Subscriber locked\"}"),
                WtlFake.Reply.of(500, "{\"error\":\"boom\"}"),
                WtlFake.Reply.of(401, "{\"error\":\"bad token\"}"),
                WtlFake.Reply.of(429, "{\"error\":\"slow down\"}").header("Retry-After", "30"),
                WtlFake.Reply.hanging());
        List<Integer> statuses = new ArrayList<>();
        for (WtlFake.Reply reply : replies) {
            harness.wtl().reset();
            harness.wtl().enqueue(reply);
            try (Http1ClientResponse res = harness.post("/process-event", BEARER, "application/json",
                                                        Fixtures.bytes("nsps/sim-updated.json"))) {
                statuses.add(res.status().code());
                SCHEMAS.assertConforms("/process-event", "post", res);
            }
        }
        assertThat(statuses, is(List.of(422, 500, 500, 429, 503)));
    }
}
