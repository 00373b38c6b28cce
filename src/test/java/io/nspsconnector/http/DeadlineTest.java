package io.nspsconnector.http;

import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.WtlFake.Reply;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** The event deadline caps the time spent on one event, whatever the attempt timeout and retry settings say. */
class DeadlineTest {

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.wtl.attempt-timeout", "PT30S",
                   "connector.wtl.event-deadline", "PT1S",
                   "connector.wtl.retry.attempts", "5",
                   "connector.wtl.retry.initial-delay", "PT0.6S",
                   "connector.wtl.retry.max-delay", "PT0.6S",
                   "connector.wtl.retry.jitter", "0",
                   "connector.wtl.circuit-breaker.enabled", "false"));

    @Test
    void wtlThatHangsIsAnswered503AtTheDeadline() {
        harness.wtl().enqueue(Reply.hanging());
        long start = System.nanoTime();

        try (Http1ClientResponse res = harness.postEvent()) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(res.status(), is(Status.SERVICE_UNAVAILABLE_503));
            JsonObject body = res.as(JsonObject.class);
            assertThat(body.getString("type"), is("CONNECTION_ERROR"));
            assertThat(body.getString("error"), is("Connection timeout"));
            assertThat("answered near the 1 s deadline, not the 30 s attempt timeout", millis, lessThan(5_000L));
        }
        assertThat(harness.wtl().calls(), hasSize(1));
    }

    @Test
    void retriesStopWhenTheNextDelayWouldPassTheDeadline() {
        harness.wtl().enqueue(Reply.of(503, "{}"), Reply.of(503, "{}"), Reply.of(503, "{}"), Reply.of(503, "{}"));

        try (Http1ClientResponse res = harness.postEvent()) {
            assertThat(res.status(), is(Status.INTERNAL_SERVER_ERROR_500));
        }
        // 0.6 s between attempts within a 1 s budget: a third attempt would start past the deadline
        assertThat(harness.wtl().calls(), hasSize(2));
    }
}
