package io.nspsconnector.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.EventMutator;
import io.nspsconnector.testing.QuietConsole;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Properties of every answer to generated and mutated events (wrong types, missing and extra fields, huge strings,
 * deep nesting, unicode, numbers where strings belong, broken JSON, wrong headers), checked case by case against
 * the real server. Seeded: a failure names the seed and the case, which reproduce it.
 * <ul>
 *     <li>the status is 202, 401 (token mutated), 413, 415 (content type mutated) or 422;</li>
 *     <li>the body is the NSPS format: {@code {"message"}} for 202 ({@code processed} or {@code Event ignored: ...}),
 *     else {@code {"message","error","type"}} with a known type, never {@code INTERNAL_ERROR};</li>
 *     <li>WTL is called only for a 202 "processed", and every call keeps the WTL field rules.</li>
 * </ul>
 */
class BadInputPropertiesTest {

    private static final long SEED = 7_2025_11_23L;
    private static final int CASES = 2000;
    private static final Set<Integer> ALLOWED = Set.of(202, 401, 413, 415, 422);
    private static final Set<String> TYPES = Set.of("VALIDATION_ERROR", "AUTHENTICATION_ERROR", "SERVICE_ERROR",
                                                    "CONNECTION_ERROR", "RATE_LIMIT_ERROR");
    private static final Set<String> WTL_FIELDS = Set.of("imsi", "subscriber_status", "msisdn", "cs_profile",
                                                         "eps_profile", "action");
    private static final Pattern PROFILE = Pattern.compile("[a-zA-Z][-_.a-zA-Z0-9]*");

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.delivery.applied-events.max-size", "10000",
                   "connector.delivery.subscribers.max-size", "10000"));
    private final WtlFake wtl = harness.wtl();
    private final Http1Client client = harness.client();

    @Test
    void everyAnswerIsAnNspsAnswerAndEveryWtlCallKeepsTheWtlRules() {
        EventMutator mutator = new EventMutator(SEED);
        SplittableRandom headers = new SplittableRandom(SEED);
        int processed = 0;
        int wtlCalls = 0;
        try (QuietConsole ignored = QuietConsole.quietConsole()) {
            for (int i = 0; i < CASES; i++) {
                byte[] body = mutator.mutated();
                int headerCase = headers.nextInt(20);
                int before = wtl.calls().size();
                Http1ClientRequest request = client.post("/process-event");
                if (headerCase != 0) {
                    request.header(HeaderNames.AUTHORIZATION, headerCase == 1 ? "Bearer wrong"
                            : "Bearer " + TestConnector.API_TOKEN);
                }
                request.header(HeaderNames.CONTENT_TYPE, headerCase == 2 ? "text/plain" : "application/json");
                int status;
                String text;
                try (Http1ClientResponse res = request.submit(body)) {
                    status = res.status().code();
                    text = res.as(String.class);
                }
                List<String> calls = wtl.calls().subList(before, wtl.calls().size()).stream()
                        .map(WtlFake.Call::body).toList();
                String problem = problem(status, text, calls, headerCase);
                if (problem != null) {
                    fail("seed " + SEED + ", case " + i + ": " + problem + "\nanswer: " + status + " " + text
                                 + "\nbody: " + new String(body, 0, Math.min(body.length, 600),
                                                           StandardCharsets.UTF_8));
                }
                processed += text.contains("Event processed successfully") ? 1 : 0;
                wtlCalls += calls.size();
            }
        }
        System.out.printf("BAD INPUT properties seed=%d: %d generated cases, %d processed with %d WTL calls "
                                  + "(all within the WTL rules), 0 INTERNAL_ERROR, 0 answers outside 202/401/413/415/422%n",
                          SEED, CASES, processed, wtlCalls);
        if (processed == 0 || processed == CASES) {
            fail("the generator should produce both valid and invalid events: " + processed + " processed");
        }
    }

    /** What is wrong with an answer, or null. */
    private static String problem(int status, String text, List<String> calls, int headerCase) {
        if (!ALLOWED.contains(status)) {
            return "status " + status + " not in " + ALLOWED;
        }
        if (headerCase == 0 || headerCase == 1) {
            return status == 401 ? null : "a refused token must be 401";
        }
        JsonObject json = EventMutator.parse(text);
        if (json == null || !(json.get("message") instanceof JsonString message)) {
            return "not an NSPS body";
        }
        if (status == 202) {
            boolean processedAnswer = message.getString().equals("Event processed successfully");
            if (!processedAnswer && !message.getString().startsWith("Event ignored: ")) {
                return "unknown 202 message";
            }
            if (!processedAnswer && !calls.isEmpty()) {
                return "an ignored event called WTL";
            }
            for (String call : calls) {
                String broken = brokenWtlRule(call);
                if (broken != null) {
                    return "WTL call breaks its rules (" + broken + "): " + call;
                }
            }
            return processedAnswer && calls.isEmpty() ? "processed without a WTL call" : null;
        }
        if (!calls.isEmpty()) {
            return "WTL was called for a " + status;
        }
        if (headerCase == 2 && status != 415) {
            return "a text/plain body must be 415";
        }
        if (!(json.get("error") instanceof JsonString) || !(json.get("type") instanceof JsonString type)) {
            return "error body without error or type";
        }
        return TYPES.contains(type.getString()) ? null : "error type " + type.getString();
    }

    /** The WTL field rule a request body breaks, or null. */
    private static String brokenWtlRule(String body) {
        JsonObject json = EventMutator.parse(body);
        if (json == null || !json.keySet().equals(WTL_FIELDS)) {
            return "fields";
        }
        if (!(json.get("imsi") instanceof JsonString imsi) || !imsi.getString().matches("[0-9]{15}")) {
            return "imsi";
        }
        if (!(json.get("subscriber_status") instanceof JsonString s)
                || !Set.of("serviceGranted", "operatorDeterminedBarring").contains(s.getString())) {
            return "subscriber_status";
        }
        if (!(json.get("msisdn") instanceof JsonArray msisdn) || msisdn.size() > 1
                || msisdn.stream().anyMatch(v -> v.getValueType() != JsonValue.ValueType.STRING)) {
            return "msisdn";
        }
        for (String profile : List.of("cs_profile", "eps_profile")) {
            if (!(json.get(profile) instanceof JsonString p) || !PROFILE.matcher(p.getString()).matches()) {
                return profile;
            }
        }
        if (!(json.get("action") instanceof JsonString a)
                || !Set.of("insert", "update", "delete", "set", "unset", "modify").contains(a.getString())) {
            return "action";
        }
        return null;
    }
}
