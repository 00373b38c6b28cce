package io.nspsconnector.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nspsconnector.Connector;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;

import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fixtures that need an IMSI filter, explained and processed by a server running with that filter. */
@ServerTest
class ExplainImsiFilterTest {

    private static WtlFake wtl;
    private static Connector connector;
    private final Http1Client client;

    ExplainImsiFilterTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        wtl = WtlFake.start();
        Map<String, String> env = new HashMap<>(TestConnector.env(wtl.baseUrl()));
        env.put("WTL_IMSI_REGEXP", Fixtures.IMSI_FILTER);
        connector = TestConnector.configure(server, env, Map.of());
    }

    @AfterAll
    static void stop() {
        connector.close();
        wtl.close();
    }

    static List<Fixtures.Case> cases() {
        List<Fixtures.Case> cases = Fixtures.nspsCases().stream()
                .filter(c -> c.env().equals(Map.of("WTL_IMSI_REGEXP", Fixtures.IMSI_FILTER)))
                .toList();
        if (cases.isEmpty() || cases.size() != Fixtures.nspsCases().stream().filter(c -> !c.env().isEmpty()).count()) {
            throw new IllegalStateException("a fixture needs an environment this test does not set up");
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void explainNamesWhatProcessingThenDoes(Fixtures.Case c) {
        ExplainAgreement.explainMatchesProcessing(client, wtl, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCommandPrintsTheSameDecisionAsTheEndpoint(Fixtures.Case c) {
        ExplainAgreement.commandMatchesEndpoint(client, c);
    }
}
