package io.nspsconnector.simulator;

import java.nio.file.Path;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;

import io.nspsconnector.Connector;
import io.nspsconnector.config.ConnectorConfig;
import io.nspsconnector.testing.Fixtures;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** What "./dev run" does: the connector with its embedded simulator, the sample event end to end. */
@ServerTest
class SimulatorModeTest {

    private static Connector connector;
    private final Http1Client client;

    SimulatorModeTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Map<String, String> env = Map.of("API_TOKEN", "dev-token", "WTL_API_TOKEN", "dev-wtl-token");
        Config root = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(Map.of("connector.simulator.port", "0")))
                .addSource(ConfigSources.file(Path.of("config", "application.yaml")))
                .build();
        ConnectorConfig config = ConnectorConfig.from(root, env, Path.of("config"), true);
        connector = Connector.create(config, env);
        connector.configure(server, root).port(0);
    }

    @AfterAll
    static void stop() {
        connector.close();
    }

    @Test
    void sampleEventIsProvisionedIntoTheSimulator() {
        try (Http1ClientResponse res = client.post("/process-event")
                .header(HeaderNames.AUTHORIZATION, "Bearer dev-token")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(Fixtures.bytes("nsps/sim-updated.json"))) {
            assertThat(res.status(), is(Status.ACCEPTED_202));
        }
        Http1Client simulator = Http1Client.builder()
                .baseUri("http://127.0.0.1:" + connector.simulatorPort().orElseThrow())
                .build();
        try (Http1ClientResponse res = simulator.get("/wtl/hlr/v1/subscribers/001010000020349")
                .header(HeaderNames.AUTHORIZATION, "Bearer dev-wtl-token")
                .request()) {
            assertThat(res.status(), is(Status.OK_200));
            JsonObject subscriber = res.as(JsonObject.class);
            assertThat(subscriber.getString("subscriber_status"), is("serviceGranted"));
            assertThat(subscriber.getJsonArray("msisdn").getString(0), is("79123456789"));
            assertThat(subscriber.getString("eps_profile"), is("eps-pp-20250319"));
        }
    }
}
