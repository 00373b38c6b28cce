package io.nspsconnector.state;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.NacFixtures;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.TestDatabase;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Two connectors in one JVM, each with its own pool on the same PostgreSQL database, as two replicas: a Network as
 * Code notification accepted by one is visible at {@code GET /devices} of the other, and its re-delivery to the
 * other is a duplicate. A store that is gone answers notifications and reads with 503 CONNECTION_ERROR, never 2xx.
 */
class PostgresNacAcrossInstancesTest {

    private static final Path CONFIG = Path.of("config");
    /** Nothing listens there: these tests send no NSPS event. */
    private static final String NO_WTL = "http://127.0.0.1:9";
    private static final String NAC_TOKEN = "test-nac-token";
    private static final String DUPLICATE = "nac_notifications_total{outcome=\"duplicate\"";
    private static final String ACCEPTED = "nac_notifications_total{outcome=\"accepted\"";
    private static final String STALE = "nac_notifications_total{outcome=\"stale\"";

    @Test
    void aNotificationAcceptedByOneInstanceIsSeenByTheOtherAndItsRedeliveryThereIsADuplicate() {
        String url = TestDatabase.create("nac_replicas");
        try (TestConnector.Server a = start(url); TestConnector.Server b = start(url)) {
            byte[] data = Fixtures.bytes("nac/g1-connectivity-data.json");
            assertThat(notify(a, data), is(Status.NO_CONTENT_204));

            String onB = get(b, "/devices", Status.OK_200);
            assertThat(onB, is(get(a, "/devices", Status.OK_200)));
            JsonObject before = status(b);
            assertThat(before.getJsonObject("connectivity").getString("status"), is("CONNECTED_DATA"));

            // the meters are the JVM's, shared by both connectors here: what one call adds is that call's
            double duplicates = metric(b, DUPLICATE);
            double accepted = metric(b, ACCEPTED);
            assertThat(notify(b, data), is(Status.NO_CONTENT_204));
            assertThat(metric(b, DUPLICATE), is(duplicates + 1));
            assertThat(metric(b, ACCEPTED), is(accepted));
            assertThat("not applied again", status(b).getString("lastReceived"), is(before.getString("lastReceived")));

            // a newer event through B, then an older one through A: A knows it is stale
            assertThat(notify(b, Fixtures.bytes("nac/g1-connectivity-disconnected.json")), is(Status.NO_CONTENT_204));
            double stale = metric(a, STALE);
            assertThat(notify(a, Fixtures.bytes("nac/g1-connectivity-sms.json")), is(Status.NO_CONTENT_204));
            assertThat(metric(a, STALE), is(stale + 1));
            assertThat(status(a).getJsonObject("connectivity").getString("status"), is("NOT_CONNECTED"));
            assertThat(get(a, "/devices", Status.OK_200), is(get(b, "/devices", Status.OK_200)));
        }
    }

    @Test
    void aStoreThatIsGoneAnswersNotificationsAndReadsWith503NotA2xx() throws SQLException {
        String url = TestDatabase.create("nac_gone");
        try (TestConnector.Server c = start(url)) {
            assertThat(notify(c, Fixtures.bytes("nac/g1-connectivity-data.json")), is(Status.NO_CONTENT_204));

            drop(url);
            double unavailable = metric(c, "nac_notifications_total{outcome=\"state_unavailable\"");

            try (Http1ClientResponse res = c.client().post("/notifications")
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + NAC_TOKEN)
                    .header(HeaderNames.CONTENT_TYPE, "application/cloudevents+json")
                    .submit(Fixtures.bytes("nac/g1-connectivity-sms.json"))) {
                assertThat(res.status(), is(Status.SERVICE_UNAVAILABLE_503));
                assertThat(res.as(JsonObject.class).getString("type"), is("CONNECTION_ERROR"));
            }
            assertThat(metric(c, "nac_notifications_total{outcome=\"state_unavailable\""), is(unavailable + 1));
            assertThat(get(c, "/devices", Status.SERVICE_UNAVAILABLE_503), is(
                    "{\"message\":\"Connector temporarily unavailable\",\"error\":\"The connector's state store did not "
                            + "answer: try again\",\"type\":\"CONNECTION_ERROR\"}"));
            get(c, "/devices/%2B3670123456/status", Status.SERVICE_UNAVAILABLE_503);
        }
    }

    private static TestConnector.Server start(String url) {
        Map<String, String> env = new HashMap<>(TestConnector.env(NO_WTL));
        env.put("NAC_ENABLED", "true");
        env.put("NAC_NOTIFICATION_TOKEN", NAC_TOKEN);
        Map<String, String> keys = new HashMap<>();
        keys.put("connector.state.store", "postgres");
        keys.put("connector.state.postgres.url", url);
        keys.put("connector.state.postgres.pool-size", "2");
        keys.put("connector.state.postgres.connect-timeout", "PT0.5S");
        return TestConnector.start(CONFIG, env, keys);
    }

    /** Drops the database under a running connector, its open connections ended. */
    private static void drop(String url) throws SQLException {
        String name = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        try (Connection admin = DriverManager.getConnection(url.replace("/" + name + "?", "/postgres?"));
             Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE " + name + " WITH (FORCE)");
        }
    }

    private static Status notify(TestConnector.Server server, byte[] body) {
        try (Http1ClientResponse res = server.client().post("/notifications")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + NAC_TOKEN)
                .header(HeaderNames.CONTENT_TYPE, "application/cloudevents+json")
                .submit(body)) {
            return res.status();
        }
    }

    private static JsonObject status(TestConnector.Server server) {
        try (Http1ClientResponse res = server.client().get("/devices/%2B3670123456/status").skipUriEncoding(true)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN).request()) {
            assertThat(res.status(), is(Status.OK_200));
            JsonObject body = res.as(JsonObject.class);
            assertThat(body.getString("key"), is(NacFixtures.PHONE_1));
            return body;
        }
    }

    private static String get(TestConnector.Server server, String path, Status expected) {
        try (Http1ClientResponse res = server.client().get(path).skipUriEncoding(true)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN).request()) {
            assertThat(path, res.status(), is(expected));
            return res.as(String.class);
        }
    }

    private static double metric(TestConnector.Server server, String prefix) {
        try (Http1ClientResponse res = server.client().get("/metrics").request()) {
            return res.as(String.class).lines().filter(l -> l.startsWith(prefix))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
    }
}
