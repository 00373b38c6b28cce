package io.nspsconnector.http;

import java.util.List;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.WtlFake;
import io.nspsconnector.testing.WtlFake.Reply;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * Every WTL outcome of the error table, over real HTTP: what NSPS is answered, and how many WTL attempts it took.
 * The breaker is off here (it has its own test) so failures in one test cannot open it for the next.
 */
class WtlOutcomesTest {

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.wtl.circuit-breaker.enabled", "false",
                   "connector.wtl.attempt-timeout", "PT0.3S",
                   "connector.wtl.retry.retry-after-cap", "PT1S"));
    private final WtlFake wtl = harness.wtl();

    @ParameterizedTest
    @ValueSource(strings = {"success-result-true.json", "success-message-only.json", "success-empty.json"})
    void wtlSuccessAnswersAreProcessed(String fixture) {
        wtl.enqueue(Reply.of(200, Fixtures.text("wtl/" + fixture)));

        assertAnswer(Status.ACCEPTED_202, null, "Event processed successfully", null);
        assertThat(wtl.calls(), hasSize(1));
    }

    @Test
    void resultFalseIsAPermanentServiceError() {
        wtl.enqueue(Reply.of(200, Fixtures.text("wtl/failure-result-false.json")));

        assertAnswer(Status.UNPROCESSABLE_CONTENT_422, "SERVICE_ERROR", "WTL service error",
                     "Subscriber with IMSI 001010000020349 not found");
        assertThat(wtl.calls(), hasSize(1));
    }

    @Test
    void errorOnlyAnswerIsAPermanentServiceError() {
        wtl.enqueue(Reply.of(200, Fixtures.text("wtl/failure-error-only.json")));

        assertAnswer(Status.UNPROCESSABLE_CONTENT_422, "SERVICE_ERROR", "WTL service error",
                     "Unknown cs_profile cs-pp-20250319");
    }

    @Test
    void http400IsAPermanentServiceErrorWithWtlsText() {
        wtl.enqueue(Reply.of(400, Fixtures.text("wtl/http-400-bad-request.json")));

        assertAnswer(Status.UNPROCESSABLE_CONTENT_422, "SERVICE_ERROR", "WTL service error",
                     "imsi: must match ^[0-9]{15}$");
        assertThat(wtl.calls(), hasSize(1));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void refusedWtlCredentialsAre500AuthenticationErrorForNspsToRetry(int status) {
        wtl.enqueue(Reply.of(status, Fixtures.text("wtl/http-401-unauthorized.json")));

        assertAnswer(Status.INTERNAL_SERVER_ERROR_500, "AUTHENTICATION_ERROR", "WTL API authentication failed",
                     "Invalid API token");
        assertThat(wtl.calls(), hasSize(1));
    }

    @Test
    void rateLimitIsRetriedThenPassedOnAs429() {
        String body = Fixtures.text("wtl/http-429-rate-limited.json");
        wtl.enqueue(Reply.of(429, body), Reply.of(429, body), Reply.of(429, body));

        assertAnswer(Status.TOO_MANY_REQUESTS_429, "RATE_LIMIT_ERROR", "Too many requests to API Core",
                     "Rate limit exceeded");
        assertThat(wtl.calls(), hasSize(3));
    }

    @Test
    void rateLimitThenSuccessIsProcessed() {
        wtl.enqueue(Reply.of(429, Fixtures.text("wtl/http-429-rate-limited.json")).header("Retry-After", "0"));

        assertAnswer(Status.ACCEPTED_202, null, "Event processed successfully", null);
        assertThat(wtl.calls(), hasSize(2));
    }

    @Test
    void retryAfterBeyondTheCapIsPassedOnWithoutWaiting() {
        wtl.enqueue(Reply.of(429, Fixtures.text("wtl/http-429-rate-limited.json")).header("Retry-After", "120"));

        try (Http1ClientResponse res = harness.postEvent()) {
            assertThat(res.status(), is(Status.TOO_MANY_REQUESTS_429));
            assertThat(res.headers().first(HeaderNames.RETRY_AFTER).orElse(""), is("120"));
        }
        assertThat(wtl.calls(), hasSize(1));
    }

    @Test
    void http500IsAServiceErrorAndNotRetried() {
        wtl.enqueue(Reply.of(500, Fixtures.text("wtl/http-500-server-error.json")));

        assertAnswer(Status.INTERNAL_SERVER_ERROR_500, "SERVICE_ERROR", "API Core HTTP error", "Database unavailable");
        assertThat(wtl.calls(), hasSize(1));
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504})
    void gatewayErrorsAreRetriedThenAnswered500(int status) {
        String body = Fixtures.text("wtl/http-500-server-error.json");
        wtl.enqueue(Reply.of(status, body), Reply.of(status, body), Reply.of(status, body));

        assertAnswer(Status.INTERNAL_SERVER_ERROR_500, "SERVICE_ERROR", "API Core HTTP error", "Database unavailable");
        assertThat(wtl.calls(), hasSize(3));
    }

    @Test
    void transientFailureThenSuccessIsProcessedWithTheSameRequest() {
        wtl.enqueue(Reply.of(503, "busy"));

        assertAnswer(Status.ACCEPTED_202, null, "Event processed successfully", null);
        List<WtlFake.Call> calls = wtl.calls();
        assertThat(calls, hasSize(2));
        assertThat(Fixtures.json(calls.get(0).body()), is(Fixtures.json(calls.get(1).body())));
    }

    @Test
    void nonJsonErrorBodyIsReportedByStatus() {
        wtl.enqueue(Reply.of(502, "<html>bad gateway</html>").header("Content-Type", "text/html"),
                    Reply.of(502, "<html>bad gateway</html>").header("Content-Type", "text/html"),
                    Reply.of(502, "<html>bad gateway</html>").header("Content-Type", "text/html"));

        assertAnswer(Status.INTERNAL_SERVER_ERROR_500, "SERVICE_ERROR", "API Core HTTP error", "HTTP 502");
    }

    @Test
    void unreadable2xxIsAServiceError() {
        wtl.enqueue(Reply.of(200, "OK").header("Content-Type", "text/plain"));

        assertAnswer(Status.INTERNAL_SERVER_ERROR_500, "SERVICE_ERROR", "API Core HTTP error",
                     "Invalid response from WTL");
    }

    @Test
    void wtlThatNeverAnswersIsAConnectionErrorAfterEveryAttempt() {
        wtl.enqueue(Reply.hanging(), Reply.hanging(), Reply.hanging());

        assertAnswer(Status.SERVICE_UNAVAILABLE_503, "CONNECTION_ERROR", "Core service is not available",
                     "Connection timeout");
        assertThat(wtl.calls(), hasSize(3));
    }

    @Test
    void repeatedInsertOfAnExistingSubscriberCountsAsApplied() {
        wtl.enqueue(Reply.of(409, "{\"result\":false,\"error\":\"Subscriber with IMSI 001010000020350 already exists\"}"));

        try (Http1ClientResponse res = harness.postEvent(Fixtures.bytes("nsps/sim-created.json"))) {
            assertThat(res.status(), is(Status.ACCEPTED_202));
        }
    }

    @Test
    void repeatedDeleteOfAMissingSubscriberCountsAsApplied() {
        wtl.enqueue(Reply.of(404, "{\"result\":false,\"error\":\"Subscriber with IMSI 001010000020351 not found\"}"));

        try (Http1ClientResponse res = harness.postEvent(Fixtures.bytes("nsps/sim-deleted.json"))) {
            assertThat(res.status(), is(Status.ACCEPTED_202));
        }
    }

    @Test
    void notFoundFromAWrongWtlPathIsNotMistakenForADoneDelete() {
        wtl.enqueue(Reply.of(404, "<html>no such path</html>").header("Content-Type", "text/html"));

        try (Http1ClientResponse res = harness.postEvent(Fixtures.bytes("nsps/sim-deleted.json"))) {
            assertThat(res.status(), is(Status.UNPROCESSABLE_CONTENT_422));
            assertThat(res.as(JsonObject.class).getString("error"), is("HTTP 404"));
        }
    }

    @Test
    void updateOfAnUnknownSubscriberIsAPermanentError() {
        wtl.enqueue(Reply.of(404, "{\"result\":false,\"error\":\"Subscriber with IMSI 001010000020349 not found\"}"));

        assertAnswer(Status.UNPROCESSABLE_CONTENT_422, "SERVICE_ERROR", "WTL service error",
                     "Subscriber with IMSI 001010000020349 not found");
    }

    private void assertAnswer(Status status, String type, String message, String error) {
        try (Http1ClientResponse res = harness.postEvent()) {
            assertThat(res.status(), is(status));
            assertThat(res.headers().contentType().orElseThrow().mediaType().fullType(), is("application/json"));
            JsonObject body = res.as(JsonObject.class);
            assertThat(body.getString("message"), is(message));
            if (type != null) {
                assertThat(body.getString("type"), is(type));
                assertThat(body.getString("error"), is(error));
            }
        }
    }
}
