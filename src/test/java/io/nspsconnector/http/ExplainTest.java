package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
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
import static org.hamcrest.Matchers.is;

/**
 * {@code POST /explain} against {@code POST /process-event} on the same server ({@link ExplainAgreement}) for every
 * NSPS fixture run without an IMSI filter, and the endpoint's own behaviour.
 */
class ExplainTest {

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(Map.of("connector.wtl.circuit-breaker.enabled", "false"));
    private final WtlFake wtl = harness.wtl();
    private final Http1Client client = harness.client();

    static List<Fixtures.Case> cases() {
        // the IMSI-filter fixture needs its environment: ExplainImsiFilterTest
        return Fixtures.nspsCases().stream().filter(c -> c.env().isEmpty()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void explainNamesWhatProcessingThenDoes(Fixtures.Case c) {
        ExplainAgreement.explainMatchesProcessing(client, wtl, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCommandPrintsTheSameDecisionAsTheEndpoint(Fixtures.Case c) {
        ExplainAgreement.commandMatchesEndpoint(client, c);
    }

    @Test
    void malformedJsonIsExplainedAsInvalidNotRefused() {
        JsonObject explanation = explain("{\"event_id\": ".getBytes(StandardCharsets.UTF_8));

        assertThat(explanation.getString("outcome"), is("invalid"));
        assertThat(explanation.getJsonArray("details").getJsonObject(0).getString("field"), is("body"));
        assertThat(explanation.getJsonObject("answer").getInt("status"), is(422));
        assertThat(explanation.containsKey("event_id"), is(false));
    }

    @Test
    void requiresTheSameBearerTokenAsEvents() {
        try (Http1ClientResponse res = client.post(ExplainService.PATH)
                .header(HeaderNames.AUTHORIZATION, "Bearer not-the-token")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(Fixtures.bytes("nsps/sim-updated.json"))) {
            assertThat(res.status(), is(Status.UNAUTHORIZED_401));
            assertThat(res.headers().first(HeaderNames.WWW_AUTHENTICATE).orElse(""), is("Bearer"));
            assertThat(res.as(JsonObject.class).getString("type"), is("AUTHENTICATION_ERROR"));
        }
        try (Http1ClientResponse res = client.post(ExplainService.PATH)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.ROTATED_TOKEN)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(Fixtures.bytes("nsps/sim-updated.json"))) {
            assertThat(res.status(), is(Status.OK_200));
        }
    }

    @Test
    void refusesANonJsonBodyLikeTheEventPath() {
        try (Http1ClientResponse res = client.post(ExplainService.PATH)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                .header(HeaderNames.CONTENT_TYPE, "text/plain")
                .submit("hello")) {
            assertThat(res.status(), is(Status.UNSUPPORTED_MEDIA_TYPE_415));
        }
    }

    @Test
    void otherMethodsAre405() {
        try (Http1ClientResponse res = client.get(ExplainService.PATH).request()) {
            assertThat(res.status(), is(Status.METHOD_NOT_ALLOWED_405));
            assertThat(res.headers().first(HeaderNames.ALLOW).orElse(""), is("POST"));
        }
    }

    private JsonObject explain(byte[] event) {
        return ExplainAgreement.explain(client, event);
    }
}
