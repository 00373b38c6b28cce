package io.nspsconnector.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.TestConnector;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Nothing listens where WTL should be: NSPS gets 503 CONNECTION_ERROR (retried later), never a 2xx or a 422. */
class UnreachableWtlTest {

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.withoutFake(
            "http://127.0.0.1:" + closedPort() + "/wtl/hlr/v1", Map.of(), Map.of());

    @Test
    void refusedConnectionIs503ConnectionErrorAfterRetries() {
        try (Http1ClientResponse res = harness.client().post("/process-event")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(Fixtures.bytes("nsps/sim-updated.json"))) {
            assertThat(res.status(), is(Status.SERVICE_UNAVAILABLE_503));
            JsonObject body = res.as(JsonObject.class);
            assertThat(body.getString("message"), is("Core service is not available"));
            assertThat(body.getString("type"), is("CONNECTION_ERROR"));
            assertThat(body.getString("error"), is("Connection refused"));
        }
        try (Http1ClientResponse res = harness.client().get("/metrics").request()) {
            assertThat(res.as(String.class), containsString("wtl_retries_total{reason=\"connect_error\""));
        }
    }

    @Test
    void wtlOutageDoesNotFailLiveness() {
        try (Http1ClientResponse res = harness.client().get("/health/live").request()) {
            assertThat(res.status(), is(Status.OK_200));
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
