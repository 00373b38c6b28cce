package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.nspsconnector.logging.LogText;
import io.nspsconnector.nsps.EventRules;
import org.slf4j.MDC;

/**
 * {@code POST /explain}: a dry run of {@code /process-event}. Same Bearer check and body reading, then the same
 * {@link EventRules}; the decision is answered 200 as an {@link Explanation} instead of being applied. It holds no
 * WTL gateway, so it cannot reach WTL or any state kept on the way there.
 */
public final class ExplainService implements HttpService {

    /** Where the service listens. */
    public static final String PATH = "/explain";

    private final AuthFilter auth;
    private final EventRules rules;
    private final long maxBodyBytes;

    /**
     * @param auth         Bearer check, the same tokens as the event path
     * @param rules        validation and rules, the same instance the event path uses
     * @param maxBodyBytes largest accepted body
     */
    public ExplainService(AuthFilter auth, EventRules rules, long maxBodyBytes) {
        this.auth = auth;
        this.rules = rules;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        AllowedMethods.post(rules, PATH, auth, this::explain);
    }

    private void explain(ServerRequest req, ServerResponse res) {
        Explanation explanation = Explanation.of(rules, RequestBody.readEvent(req, maxBodyBytes));
        explanation.event().ifPresent(e -> {
            MDC.put("event_id", LogText.bound(e.eventId()));
            MDC.put("event_type", LogText.bound(e.eventType()));
        });
        MDC.put("outcome", "explained_" + explanation.outcome());
        res.status(Status.OK_200)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .send(explanation.toJson().getBytes(StandardCharsets.UTF_8));
    }
}
