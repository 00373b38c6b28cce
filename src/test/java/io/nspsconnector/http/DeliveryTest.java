package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.WtlFake.Reply;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** Over HTTP with the delivery records on: duplicates, failed events retried, stale events, readiness details. */
class DeliveryTest {

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.wtl.circuit-breaker.enabled", "false",
                   "connector.wtl.retry.attempts", "1",
                   "connector.delivery.applied-events.max-size", "1000",
                   "connector.delivery.subscribers.max-size", "1000"));

    @Test
    void reDeliveryOfAnAppliedEventIs202DuplicateWithoutASecondWtlCall() {
        byte[] event = event("dup-1", "001010000030001", "2025-03-12T16:00:00+00:00");

        JsonObject first = post(event, Status.ACCEPTED_202);
        JsonObject again = post(event, Status.ACCEPTED_202);

        assertThat(first.getString("message"), is("Event processed successfully"));
        assertThat(again.getString("message"), is("Event ignored: duplicate event dup-1, already handled"));
        assertThat(harness.wtl().calls(), hasSize(1));
    }

    @Test
    void aFailedEventIsProcessedAgainWhenNspsRetriesIt() {
        byte[] event = event("fail-1", "001010000030002", "2025-03-12T16:00:00Z");
        harness.wtl().enqueue(Reply.of(503, "{}"));

        post(event, Status.INTERNAL_SERVER_ERROR_500);
        JsonObject retry = post(event, Status.ACCEPTED_202);

        assertThat(retry.getString("message"), is("Event processed successfully"));
        assertThat(harness.wtl().calls(), hasSize(2));
    }

    @Test
    void anOlderEventArrivingAfterANewerOneIsIgnoredAsStale() {
        post(event("newer", "001010000030003", "2025-03-12T16:00:05Z"), Status.ACCEPTED_202);

        JsonObject older = post(event("older", "001010000030003", "2025-03-12T16:00:01Z"), Status.ACCEPTED_202);

        assertThat(older.getString("message"), containsString("Event ignored: stale: created 2025-03-12T16:00:01Z"));
        assertThat(harness.wtl().calls(), hasSize(1));
        assertThat(harness.wtl().calls().getFirst().body(), containsString("newer"));
    }

    @Test
    void readinessReportsThatEventsAreAccepted() {
        try (Http1ClientResponse res = harness.client().get("/health/ready").request()) {
            assertThat(res.status(), is(Status.OK_200));
            assertThat(res.as(String.class), containsString("accepting events"));
        }
    }

    private JsonObject post(byte[] body, Status expected) {
        try (Http1ClientResponse res = harness.postEvent(body)) {
            assertThat(res.status(), is(expected));
            return res.as(JsonObject.class);
        }
    }

    /** The documented SIM/Updated event with another id, IMSI, creation time, and the id as its CS profile. */
    private static byte[] event(String id, String imsi, String createdAt) {
        String text = Fixtures.text("nsps/sim-updated.json")
                .replace("3e84c79f-ab6f-4546-8e27-0b6ab866f1fb", id)
                .replace("001010000020349", imsi)
                .replace("cs-pp-20250319", id);
        JsonObject json = Fixtures.json(text);
        return jakarta.json.Json.createObjectBuilder(json).add("created_at", createdAt).build().toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
