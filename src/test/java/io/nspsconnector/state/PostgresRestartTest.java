package io.nspsconnector.state;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.TestDatabase;
import io.nspsconnector.testing.WtlFake;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * The real connector with {@code connector.state.store=postgres}: a connector started again on the same database
 * still recognises a duplicate and a stale event, and a database that cannot be reached fails the event with 503
 * CONNECTION_ERROR without calling WTL; readiness shows the store's state either way.
 */
class PostgresRestartTest {

    private static final Path CONFIG = Path.of("config");

    private static WtlFake wtl;
    private static String url;

    @BeforeAll
    static void start() {
        wtl = WtlFake.start();
        url = TestDatabase.create("restart");
    }

    @AfterAll
    static void stop() {
        wtl.close();
    }

    @Test
    void aRestartedConnectorStillKnowsDuplicatesAndStaleEvents() {
        String imsi = "001010000050001";
        byte[] newer = event("restart-newer", imsi, "2025-03-12T16:00:05Z");
        try (TestConnector.Server first = TestConnector.start(CONFIG, TestConnector.env(wtl.baseUrl()),
                                                              postgres(url))) {
            assertThat(post(first, newer, Status.ACCEPTED_202).getString("message"),
                       is("Event processed successfully"));
        }
        int callsBefore = wtl.calls().size();

        try (TestConnector.Server second = TestConnector.start(CONFIG, TestConnector.env(wtl.baseUrl()),
                                                               postgres(url))) {
            JsonObject again = post(second, newer, Status.ACCEPTED_202);
            JsonObject older = post(second, event("restart-older", imsi, "2025-03-12T16:00:01Z"),
                                    Status.ACCEPTED_202);

            assertThat(again.getString("message"),
                       is("Event ignored: duplicate event restart-newer, already handled"));
            assertThat(older.getString("message"), containsString("Event ignored: stale: created 2025-03-12T16:00:01Z"));
            String ready = readiness(second);
            assertThat(ready, containsString("\"store\":\"postgres\""));
            assertThat(ready, containsString("\"last_call\":\"ok\""));
            String metrics = metrics(second);
            // the JVM's registry is shared by the connectors of this class: the series exist, their counts add up
            assertThat(metrics, containsString("state_store_calls_total{call=\"progress\",outcome=\"ok\",}"));
            assertThat(metrics, containsString("state_store_calls_total{call=\"begin\",outcome=\"ok\",}"));
            assertThat(metrics, containsString("state_store_calls_total{call=\"commit\",outcome=\"ok\",}"));
            assertThat(metrics, containsString("state_store_call_duration_seconds_bucket{call=\"begin\","));
            assertThat(metrics, containsString("state_pool_connections{state=\"max\",} 10.0"));
            assertThat(metrics, containsString("state_pool_connections{state=\"active\",} 0.0"));
        }
        assertThat(wtl.calls(), hasSize(callsBefore));
    }

    @Test
    void anUnreachableStoreIs503ConnectionErrorAndWtlIsNotCalled() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> keys = postgres("jdbc:postgresql://127.0.0.1:" + port + "/none");
        keys.put("connector.state.postgres.migrate", "false");
        keys.put("connector.state.postgres.connect-timeout", "PT0.5S");
        int callsBefore = wtl.calls().size();

        try (TestConnector.Server down = TestConnector.start(CONFIG, TestConnector.env(wtl.baseUrl()), keys)) {
            JsonObject body = post(down, event("store-down", "001010000050002", "2025-03-12T16:00:00Z"),
                                   Status.SERVICE_UNAVAILABLE_503);

            assertThat(body.getString("type"), is("CONNECTION_ERROR"));
            // informational: the pod stays ready (events are answered 503 one by one) and says why they fail
            assertThat(readiness(down), containsString("\"last_call\":\"progress failed at "));
        }
        assertThat(wtl.calls(), hasSize(callsBefore));
    }

    private static Map<String, String> postgres(String jdbcUrl) {
        Map<String, String> keys = new HashMap<>();
        keys.put("connector.state.store", "postgres");
        keys.put("connector.state.postgres.url", jdbcUrl);
        keys.put("connector.wtl.retry.attempts", "1");
        keys.put("connector.wtl.circuit-breaker.enabled", "false");
        return keys;
    }

    /** What {@code /metrics} shows. */
    private static String metrics(TestConnector.Server server) {
        try (Http1ClientResponse res = server.client().get("/metrics").request()) {
            assertThat(res.status(), is(Status.OK_200));
            return res.as(String.class);
        }
    }

    /** The readiness answer, which must be 200. */
    private static String readiness(TestConnector.Server server) {
        try (Http1ClientResponse res = server.client().get("/health/ready").request()) {
            assertThat(res.status(), is(Status.OK_200));
            return res.as(String.class);
        }
    }

    private static JsonObject post(TestConnector.Server server, byte[] body, Status expected) {
        try (Http1ClientResponse res = TestConnector.postEvent(server.client(), body)) {
            assertThat(res.status(), is(expected));
            return res.as(JsonObject.class);
        }
    }

    /** The documented SIM/Updated event with another id, IMSI and creation time. */
    private static byte[] event(String id, String imsi, String createdAt) {
        String text = Fixtures.text("nsps/sim-updated.json")
                .replace("3e84c79f-ab6f-4546-8e27-0b6ab866f1fb", id)
                .replace("001010000020349", imsi);
        return Json.createObjectBuilder(Fixtures.json(text)).add("created_at", createdAt).build().toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
