package io.nspsconnector.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;

import io.nspsconnector.config.MappingsLoader;
import io.nspsconnector.delivery.DeliveryGuard;
import io.nspsconnector.delivery.Drain;
import io.nspsconnector.delivery.EventProcessor;
import io.nspsconnector.delivery.MemoryLedger;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.metrics.ConnectorMetrics;
import io.nspsconnector.metrics.MetricsSetup;
import io.nspsconnector.nsps.EventPlanner;
import io.nspsconnector.nsps.EventRules;
import io.nspsconnector.nsps.EventValidator;
import io.nspsconnector.nsps.Mappings;
import io.nspsconnector.testing.Fixtures;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** A bug in the connector is answered 500 INTERNAL_ERROR, with no internals in the body, and NSPS retries. */
@ServerTest
class InternalErrorTest {

    private static final String SECRET_DETAIL = "db-password=hunter2 at line 42";
    private final Http1Client client;

    InternalErrorTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Mappings mappings = new MappingsLoader(Map.of()).load(Path.of("config", "mappings.yaml"));
        EventProcessor processor = new EventProcessor((request, deadline) -> {
                                                          throw new IllegalStateException(SECRET_DETAIL);
                                                      },
                                                      new DeliveryGuard(new MemoryLedger(10, Duration.ofHours(1), 10,
                                                                                         Duration.ofHours(1)),
                                                                        Masking.of(true)),
                                                      Masking.of(true));
        EventRules rules = new EventRules(() -> mappings, new EventValidator(), new EventPlanner(Masking.of(true)));
        ConnectorMetrics metrics = new ConnectorMetrics(MetricsSetup.create(MetricsSetup.Settings.DEFAULT).registry());
        EventHandler handler = new EventHandler(rules, processor, metrics, 1 << 20, Duration.ofSeconds(5), new Drain());
        ApiTokens tokens = new ApiTokens(List.of("t"));
        routing.register(new EventService("/process-event", new AuthFilter(() -> tokens, () -> { }), handler));
        ErrorMapper.register(routing);
    }

    @Test
    void unexpectedFailureIs500InternalErrorWithoutDetails() {
        try (Http1ClientResponse res = client.post("/process-event")
                .header(HeaderNames.AUTHORIZATION, "Bearer t")
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(Fixtures.bytes("nsps/sim-updated.json"))) {
            assertThat(res.status(), is(Status.INTERNAL_SERVER_ERROR_500));
            String text = res.as(String.class);
            JsonObject body = Fixtures.json(text);
            assertThat(body.getString("type"), is("INTERNAL_ERROR"));
            assertThat(body.getString("message"), is("Internal server error"));
            assertThat(text, not(containsString("hunter2")));
            assertThat(text, not(containsString("IllegalStateException")));
        }
    }
}
