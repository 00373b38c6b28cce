package io.nspsconnector.logging;

import java.util.List;
import java.util.Map;

import io.helidon.webclient.http1.Http1ClientResponse;

import ch.qos.logback.classic.Level;
import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.LogCapture;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Runs successful and failing events at DEBUG (with Helidon's own loggers at WARN, as shipped) and renders every
 * line with the production JSON encoder: no token appears, subscriber identifiers only masked.
 */
class LogHygieneTest {

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.wtl.circuit-breaker.enabled", "false",
                   "connector.logging.access-log", "true"));

    @Test
    void noTokenAndNoUnmaskedSubscriberIdInAnyLogLine() {
        LogCapture captured = LogCapture.root(Level.DEBUG).withLevel("io.helidon", Level.WARN);
        try (captured) {
            harness.wtl().enqueue(Reply.of(200, Fixtures.text("wtl/success-result-true.json")),
                                  Reply.of(401, Fixtures.text("wtl/http-401-unauthorized.json")),
                                  Reply.of(200, Fixtures.text("wtl/failure-result-false.json")),
                                  Reply.of(503, "{}"), Reply.of(503, "{}"), Reply.of(503, "{}"));
            for (int i = 0; i < 4; i++) {
                post("Bearer " + TestConnector.API_TOKEN, Fixtures.bytes("nsps/sim-updated.json"));
            }
            post("Bearer " + TestConnector.API_TOKEN + "x", Fixtures.bytes("nsps/sim-updated.json"));
            post("Bearer " + TestConnector.API_TOKEN, Fixtures.bytes("nsps/imsi-not-15-digits.json"));
        }

        List<String> lines = captured.lines();
        String all = String.join("\n", lines);
        assertThat(lines.size(), greaterThan(10));
        assertThat(harness.wtl().calls(), hasSize(6));
        assertThat(all, containsString("00101*******349"));
        for (String secret : new String[] {TestConnector.API_TOKEN, TestConnector.WTL_TOKEN, "001010000020349",
                "79123456789", "00101000002036"}) {
            assertThat(secret + " must not be logged", all.contains(secret), is(false));
        }
        assertThat(all, not(containsString("Bearer")));
    }

    private void post(String authorization, byte[] body) {
        try (Http1ClientResponse ignored = harness.post("/process-event", authorization, "application/json", body)) {
            ignored.entity().consume();
        }
    }
}
