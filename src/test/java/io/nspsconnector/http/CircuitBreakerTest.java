package io.nspsconnector.http;

import java.time.Duration;
import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.WtlFake.Reply;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** The circuit breaker opens on repeated WTL failures, answers 503 without calling WTL, and closes again. */
class CircuitBreakerTest {

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.wtl.retry.attempts", "1",
                   "connector.wtl.circuit-breaker.volume", "4",
                   "connector.wtl.circuit-breaker.error-ratio", "50",
                   "connector.wtl.circuit-breaker.delay", "PT1S"));

    @Test
    void opensAfterRepeatedFailuresThenClosesAfterASuccessfulTrial() {
        for (int i = 0; i < 4; i++) {
            harness.wtl().enqueue(Reply.of(503, "{\"error\":\"overloaded\"}"));
            assertThat(status(), is(Status.INTERNAL_SERVER_ERROR_500));
        }
        assertThat(breakerHealth(), is("open"));

        try (Http1ClientResponse res = harness.postEvent()) {
            assertThat(res.status(), is(Status.SERVICE_UNAVAILABLE_503));
            JsonObject body = res.as(JsonObject.class);
            assertThat(body.getString("type"), is("CONNECTION_ERROR"));
            assertThat(body.getString("error"), containsString("Circuit breaker open"));
        }
        assertThat("no call while open", harness.wtl().calls(), hasSize(4));

        Await.until("the breaker half-open", Duration.ofSeconds(10), Duration.ofMillis(20),
                    () -> breakerHealth().equals("half-open"));
        assertThat(status(), is(Status.ACCEPTED_202));
        assertThat(breakerHealth(), is("closed"));
        assertThat(harness.wtl().calls(), hasSize(5));
    }

    private String breakerHealth() {
        try (Http1ClientResponse res = harness.client().get("/health/ready").request()) {
            return res.as(JsonObject.class).getJsonArray("checks").stream()
                    .map(JsonObject.class::cast)
                    .filter(c -> c.getString("name").equals("wtl"))
                    .findFirst()
                    .orElseThrow()
                    .getJsonObject("data")
                    .getString("circuit_breaker");
        }
    }

    private Status status() {
        try (Http1ClientResponse res = harness.postEvent()) {
            return res.status();
        }
    }
}
