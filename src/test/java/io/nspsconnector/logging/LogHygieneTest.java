package io.nspsconnector.logging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import io.nspsconnector.testing.WtlFake.Reply;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

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
    private final WtlFake wtl = harness.wtl();
    private final Http1Client client = harness.client();

    @Test
    void noTokenAndNoUnmaskedSubscriberIdInAnyLogLine() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger helidon = context.getLogger("io.helidon");
        Level rootLevel = root.getLevel();
        Level helidonLevel = helidon.getLevel();
        // a thread-safe list: loggers of other tests running in parallel may still be appending while it is read
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.list = new CopyOnWriteArrayList<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        helidon.setLevel(Level.WARN);
        try {
            wtl.enqueue(Reply.of(200, Fixtures.text("wtl/success-result-true.json")),
                        Reply.of(401, Fixtures.text("wtl/http-401-unauthorized.json")),
                        Reply.of(200, Fixtures.text("wtl/failure-result-false.json")),
                        Reply.of(503, "{}"), Reply.of(503, "{}"), Reply.of(503, "{}"));
            for (int i = 0; i < 4; i++) {
                post("Bearer " + TestConnector.API_TOKEN, Fixtures.bytes("nsps/sim-updated.json"));
            }
            post("Bearer " + TestConnector.API_TOKEN + "x", Fixtures.bytes("nsps/sim-updated.json"));
            post("Bearer " + TestConnector.API_TOKEN, Fixtures.bytes("nsps/imsi-not-15-digits.json"));
        } finally {
            root.detachAppender(captured);
            root.setLevel(rootLevel);
            helidon.setLevel(helidonLevel);
        }

        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        List<String> lines = captured.list.stream()
                .map(e -> new String(encoder.encode(e), StandardCharsets.UTF_8))
                .toList();
        String all = String.join("\n", lines);
        assertThat(lines.size(), greaterThan(10));
        assertThat(wtl.calls(), hasSize(6));
        assertThat(all, containsString("00101*******349"));
        for (String secret : new String[] {TestConnector.API_TOKEN, TestConnector.WTL_TOKEN, "001010000020349",
                "79123456789", "00101000002036"}) {
            assertThat(secret + " must not be logged", all.contains(secret), is(false));
        }
        assertThat(all, not(containsString("Bearer")));
    }

    private void post(String authorization, byte[] body) {
        try (Http1ClientResponse ignored = client.post("/process-event")
                .header(HeaderNames.AUTHORIZATION, authorization)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            ignored.entity().consume();
        }
    }
}
