package io.nspsconnector.http;

import java.util.List;
import java.util.Map;

import io.helidon.webclient.http1.Http1Client;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.WtlFake;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fixtures that need an IMSI filter, explained and processed by a server running with that filter. */
class ExplainImsiFilterTest {

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(Map.of(), Map.of("WTL_IMSI_REGEXP", Fixtures.IMSI_FILTER));
    private final WtlFake wtl = harness.wtl();
    private final Http1Client client = harness.client();

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
