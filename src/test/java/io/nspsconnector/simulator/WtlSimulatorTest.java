package io.nspsconnector.simulator;

import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;

import io.nspsconnector.testing.Fixtures;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** The simulator over real HTTP: WTL field rules, provisioning semantics, views, auth. */
class WtlSimulatorTest {

    private static final String TOKEN = "sim-token";
    private static final String IMSI = "001010000020349";
    private static WtlSimulator simulator;
    private static WtlSimulator strict;
    private static WebServer server;
    private static WebServer strictServer;
    private static Http1Client client;
    private static Http1Client strictClient;

    @BeforeAll
    static void start() {
        simulator = new WtlSimulator(new SimulatorSettings(TOKEN, true, 3, false, java.time.Duration.ZERO));
        strict = new WtlSimulator(new SimulatorSettings(TOKEN, false, 10, false, java.time.Duration.ZERO));
        server = WtlSimulatorServer.start("127.0.0.1", 0, simulator);
        strictServer = WtlSimulatorServer.start("127.0.0.1", 0, strict);
        client = Http1Client.builder().baseUri("http://127.0.0.1:" + server.port()).build();
        strictClient = Http1Client.builder().baseUri("http://127.0.0.1:" + strictServer.port()).build();
    }

    @AfterAll
    static void stop() {
        server.stop();
        strictServer.stop();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
        strict.reset();
    }

    @Test
    void updateStoresTheSubscriberAndShowsIt() {
        assertThat(prov(client, body(IMSI, "update")).status().code(), is(200));

        Subscriber s = simulator.subscriber(IMSI).orElseThrow();
        assertThat(s.subscriberStatus(), is("serviceGranted"));
        assertThat(s.msisdn(), is(List.of("79123456789")));
        try (Http1ClientResponse res = client.get("/wtl/hlr/v1/subscribers/" + IMSI)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN).request()) {
            JsonObject json = res.as(JsonObject.class);
            assertThat(json.getString("cs_profile"), is("cs-pp-20250319"));
            assertThat(json.getJsonArray("msisdn").getString(0), is("79123456789"));
        }
        assertThat(simulator.requestCount(), is(1L));
    }

    @Test
    void insertOfAnExistingSubscriberIs409AlreadyExists() {
        assertThat(prov(client, body(IMSI, "insert")).status().code(), is(200));
        try (Http1ClientResponse res = prov(client, body(IMSI, "insert"))) {
            assertThat(res.status().code(), is(409));
            assertThat(res.as(JsonObject.class).getString("error"), is("Subscriber with IMSI " + IMSI + " already exists"));
        }
    }

    @Test
    void deleteRemovesAndAMissingDeleteIs404NotFound() {
        prov(client, body(IMSI, "insert")).close();
        assertThat(prov(client, body(IMSI, "delete")).status().code(), is(200));
        assertThat(simulator.subscriber(IMSI).isPresent(), is(false));
        try (Http1ClientResponse res = prov(client, body(IMSI, "delete"))) {
            assertThat(res.status().code(), is(404));
            assertThat(res.as(JsonObject.class).getString("error"), is("Subscriber with IMSI " + IMSI + " not found"));
        }
    }

    @Test
    void strictUpdateOfAnUnknownSubscriberIs404() {
        assertThat(prov(strictClient, body(IMSI, "update")).status().code(), is(404));
        assertThat(strict.subscriberCount(), is(0));
    }

    @Test
    void setMergesAndUnsetClears() {
        prov(client, body(IMSI, "insert")).close();
        prov(client, "{\"imsi\":\"" + IMSI + "\",\"cs_profile\":\"cs-new\",\"action\":\"set\"}").close();
        assertThat(simulator.subscriber(IMSI).orElseThrow().csProfile(), is("cs-new"));
        assertThat(simulator.subscriber(IMSI).orElseThrow().epsProfile(), is("eps-pp-20250319"));

        prov(client, "{\"imsi\":\"" + IMSI + "\",\"msisdn\":[],\"action\":\"unset\"}").close();
        assertThat(simulator.subscriber(IMSI).orElseThrow().msisdn(), is(List.of()));
        assertThat(prov(client, "{\"imsi\":\"001010000020350\",\"cs_profile\":\"x\",\"action\":\"modify\"}")
                           .status().code(), is(404));
    }

    // CHECKSTYLE.OFF: LineLength - one case per line reads as a table
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"subscriber_status\":\"serviceGranted\"}|imsi: required",
            "{\"imsi\":\"00101000002034\",\"subscriber_status\":\"serviceGranted\"}|imsi: must match",
            "{\"imsi\":\"00101000002034x\",\"subscriber_status\":\"serviceGranted\"}|imsi: must match",
            "{\"imsi\":\"001010000020349\",\"subscriber_status\":\"granted\"}|subscriber_status: must be",
            "{\"imsi\":\"001010000020349\"}|subscriber_status: required",
            "{\"imsi\":\"001010000020349\",\"subscriber_status\":\"serviceGranted\",\"msisdn\":[\"1\",\"2\"]}|msisdn: at most 1",
            "{\"imsi\":\"001010000020349\",\"subscriber_status\":\"serviceGranted\",\"msisdn\":\"1\"}|msisdn: must be an array",
            "{\"imsi\":\"001010000020349\",\"subscriber_status\":\"serviceGranted\",\"cs_profile\":\"2g\"}|cs_profile: must match",
            "{\"imsi\":\"001010000020349\",\"subscriber_status\":\"serviceGranted\",\"eps_profile\":\"a,b\"}|eps_profile: must match",
            "{\"imsi\":\"001010000020349\",\"subscriber_status\":\"serviceGranted\",\"action\":\"upsert\"}|action: must be",
            "{\"imsi\":\"001010000020349\",\"subscriber_status\":\"serviceGranted\",\"colour\":\"blue\"}|colour: unknown field",
            "[1]|body: must be a JSON object",
            "{nope|body: is not valid JSON"})
    // CHECKSTYLE.ON: LineLength
    void breakingAWtlFieldRuleIs400NamingTheField(String body, String error) {
        try (Http1ClientResponse res = prov(client, body)) {
            assertThat(res.status().code(), is(400));
            JsonObject json = res.as(JsonObject.class);
            assertThat(json.getBoolean("result"), is(false));
            assertThat(json.getString("error"), startsWith(error));
        }
        assertThat(simulator.subscriberCount(), is(0));
    }

    @Test
    void wrongOrMissingTokenIs401AndTheSchemeIsCaseInsensitive() {
        try (Http1ClientResponse res = client.post("/wtl/hlr/v1/prov").header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body(IMSI, "update"))) {
            assertThat(res.status().code(), is(401));
        }
        try (Http1ClientResponse res = client.post("/wtl/hlr/v1/prov").header(HeaderNames.AUTHORIZATION, "Bearer nope")
                .submit(body(IMSI, "update"))) {
            assertThat(res.status().code(), is(401));
        }
        try (Http1ClientResponse res = client.post("/wtl/hlr/v1/prov").header(HeaderNames.AUTHORIZATION, "bearer " + TOKEN)
                .submit(body(IMSI, "update"))) {
            assertThat(res.status().code(), is(200));
        }
    }

    @Test
    void aFullStoreRefusesNewSubscribersWith507() {
        for (int i = 0; i < 3; i++) {
            assertThat(prov(client, body("00101000002035" + i, "insert")).status().code(), is(200));
        }
        assertThat(prov(client, body("001010000020359", "insert")).status().code(), is(507));
        assertThat(prov(client, body("001010000020350", "update")).status().code(), is(200));
    }

    @Test
    void listsSubscribersSortedAndRefusesOtherMethods() {
        prov(client, body("001010000020352", "insert")).close();
        prov(client, body("001010000020351", "insert")).close();
        try (Http1ClientResponse res = client.get("/wtl/hlr/v1/subscribers")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN).request()) {
            JsonObject json = res.as(JsonObject.class);
            assertThat(json.getInt("count"), is(2));
            assertThat(json.getJsonArray("subscribers").getJsonObject(0).getString("imsi"), is("001010000020351"));
        }
        try (Http1ClientResponse res = client.method(Method.DELETE).path("/wtl/hlr/v1/subscribers")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN).request()) {
            assertThat(res.status().code(), is(405));
        }
        try (Http1ClientResponse res = client.get("/elsewhere").request()) {
            assertThat(res.status().code(), is(404));
        }
    }

    @Test
    void acceptsTheConnectorsRequestForEveryProcessedFixture() {
        for (var c : Fixtures.nspsCases()) {
            for (String request : c.wtlRequests()) {
                simulator.reset();
                boolean delete = request.contains("\"action\":\"delete\"");
                try (Http1ClientResponse res = prov(client, request)) {
                    // a delete of a subscriber the fresh store does not hold is 404; nothing may break a field rule
                    assertThat(c.file() + ": " + res.as(String.class), res.status().code(), is(delete ? 404 : 200));
                }
            }
        }
    }

    private static Http1ClientResponse prov(Http1Client c, String body) {
        return c.post("/wtl/hlr/v1/prov")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body);
    }

    private static String body(String imsi, String action) {
        return "{\"imsi\":\"" + imsi + "\",\"subscriber_status\":\"serviceGranted\",\"msisdn\":[\"79123456789\"],"
                + "\"cs_profile\":\"cs-pp-20250319\",\"eps_profile\":\"eps-pp-20250319\",\"action\":\"" + action + "\"}";
    }
}
