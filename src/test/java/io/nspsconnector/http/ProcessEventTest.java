package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** Every NSPS fixture over real HTTP, through the real connector, to a real HTTP WTL fake. */
class ProcessEventTest {

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.wtl.circuit-breaker.enabled", "false",
                   "connector.wtl.client.default-headers.x-operator-id", "op-7"));

    static List<Fixtures.Case> cases() {
        // the IMSI-filter fixture needs its filter; its unfiltered behaviour is tested below
        return Fixtures.nspsCases().stream().filter(c -> c.env().isEmpty()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixtureReachesWtlExactlyAsDocumented(Fixtures.Case c) {
        try (Http1ClientResponse res = harness.postEvent(Fixtures.bytes("nsps/" + c.file()))) {
            JsonObject body = res.as(JsonObject.class);
            switch (c.kind()) {
            case PROCESSED -> {
                assertThat(res.status(), is(Status.ACCEPTED_202));
                assertThat(body, is(Fixtures.json("{\"message\":\"Event processed successfully\"}")));
                List<WtlFake.Call> calls = harness.wtl().calls();
                assertThat(calls.stream().map(call -> Fixtures.json(call.body())).toList(),
                           is(c.wtlRequests().stream().map(Fixtures::json).toList()));
                for (WtlFake.Call call : calls) {
                    assertThat(call.path(), is("/wtl/hlr/v1/prov"));
                    assertThat(call.authorization(), is("Bearer " + TestConnector.WTL_TOKEN));
                    assertThat(call.contentType(), is("application/json"));
                    assertThat("WebClient settings pass through", call.headers().get("x-operator-id"), is("op-7"));
                }
            }
            case IGNORED -> {
                assertThat(res.status(), is(Status.ACCEPTED_202));
                assertThat(body.getString("message"), is("Event ignored: " + c.ignoreReason()));
                assertThat(harness.wtl().calls(), is(empty()));
            }
            case INVALID -> {
                assertThat(res.status(), is(Status.UNPROCESSABLE_CONTENT_422));
                assertThat(body.getString("message"), is("Validation failed"));
                assertThat(body.getString("type"), is("VALIDATION_ERROR"));
                assertThat(body.getJsonArray("details").getJsonObject(0).getString("field"), is(c.invalidField()));
                assertThat(harness.wtl().calls(), is(empty()));
            }
            }
        }
    }

    @Test
    void imsiOutsideTheRegexpIsProvisionedWhenNoFilterIsSet() {
        try (Http1ClientResponse res = harness.postEvent(Fixtures.bytes("nsps/imsi-outside-regexp.json"))) {
            assertThat(res.status(), is(Status.ACCEPTED_202));
            assertThat(Fixtures.json(harness.wtl().calls().getFirst().body()),
                       is(Fixtures.json(Fixtures.imsiOutsideRegexpWithoutFilter())));
        }
    }

    @Test
    void stopsAtTheFirstFailedOperationOfAReplacement() {
        harness.wtl().enqueue(WtlFake.Reply.of(200, "{\"result\":false,\"error\":\"Subscriber locked\"}"));

        try (Http1ClientResponse res = harness.postEvent(Fixtures.bytes("nsps/sim-replaced.json"))) {
            assertThat(res.status(), is(Status.UNPROCESSABLE_CONTENT_422));
            assertThat(res.as(JsonObject.class).getString("error"), is("Subscriber locked"));
            assertThat(harness.wtl().calls(), hasSize(1));
        }
    }

    @Test
    void acceptsAJsonBodyWithoutContentType() {
        try (Http1ClientResponse res = harness.client().post("/process-event")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                .submit(Fixtures.bytes("nsps/sim-updated.json"))) {
            assertThat(res.status(), is(Status.ACCEPTED_202));
            assertThat(harness.wtl().calls(), hasSize(1));
        }
    }

    @Test
    void acceptsJsonWithCharset() {
        try (Http1ClientResponse res = harness.client().post("/process-event")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                .header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                .submit(Fixtures.bytes("nsps/sim-updated.json"))) {
            assertThat(res.status(), is(Status.ACCEPTED_202));
        }
    }

    @Test
    void echoesTheRequestIdAndGeneratesOneWhenAbsent() {
        try (Http1ClientResponse res = harness.client().post("/process-event")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                .header(HeaderNames.create("x-request-id"), "req-123")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(Fixtures.bytes("nsps/unknown-event-type.json"))) {
            assertThat(res.headers().first(HeaderNames.create("x-request-id")).orElse(""), is("req-123"));
        }
        try (Http1ClientResponse res = harness.postEvent(Fixtures.bytes("nsps/unknown-event-type.json"))) {
            assertThat(res.headers().first(HeaderNames.create("x-request-id")).orElse("")
                               .matches("[0-9a-f]{32}"), is(true));
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
