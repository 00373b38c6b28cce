package io.nspsconnector.tracing;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.nspsconnector.delivery.EventProcessor;
import io.nspsconnector.testing.ConnectorHarness;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.LogCapture;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import io.nspsconnector.testing.WtlFake.Reply;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The trace context of an NSPS request reaches WTL on every call, with a new span per call, and is logged. */
class TraceHeadersTest {

    private static final String TRACE = "463ac35c9f6413ad48485a3953bb6124";
    private static final String SPAN = "a2fb4a1d1a96d312";
    private static final String HEX16 = "[0-9a-f]{16}";
    private static final String HEX32 = "[0-9a-f]{32}";

    @RegisterExtension
    static final ConnectorHarness harness = ConnectorHarness.with(
            Map.of("connector.wtl.circuit-breaker.enabled", "false"));
    private final WtlFake wtl = harness.wtl();

    @Test
    void b3HeadersReachWtlWithANewSpanPerAttemptAndTheIdsAreLogged() {
        wtl.enqueue(Reply.of(503, "{\"error\":\"busy\"}"), Reply.of(200, "{\"result\":true}"));
        LogCapture log = LogCapture.of(EventProcessor.class.getName(), Level.DEBUG); // the per-call line is DEBUG
        try (log) {
            assertThat(post(Map.of("x-b3-traceid", TRACE, "x-b3-spanid", SPAN, "x-b3-sampled", "1")),
                       is(Status.ACCEPTED_202));
        }
        List<WtlFake.Call> calls = wtl.calls();
        assertThat(calls, hasSize(2));
        for (WtlFake.Call call : calls) {
            Map<String, String> h = call.headers();
            assertThat(h.get("x-b3-traceid"), is(TRACE));
            assertThat(h.get("x-b3-spanid"), matchesPattern(HEX16));
            assertThat("the call is a child of the incoming span", h.get("x-b3-parentspanid"), is(SPAN));
            assertThat(h.get("x-b3-spanid"), not(SPAN));
            assertThat(h.get("x-b3-sampled"), is("1"));
            assertThat(h.get("traceparent"), is("00-" + TRACE + "-" + h.get("x-b3-spanid") + "-01"));
            assertThat("single b3 only when the request used it", h.get("b3"), nullValue());
        }
        String first = calls.get(0).headers().get("x-b3-spanid");
        assertThat("each attempt is a span of its own", calls.get(1).headers().get("x-b3-spanid"), not(first));

        ILoggingEvent sending = log.first("Sending WTL request").orElseThrow();
        assertThat(sending.getMDCPropertyMap().get("trace_id"), is(TRACE));
        assertThat("the WTL call's line names the span WTL sees", sending.getMDCPropertyMap().get("wtl_span_id"),
                   is(first));
        assertThat(sending.getMDCPropertyMap().get("request_id"), is(TRACE));
    }

    @Test
    void singleB3HeaderIsForwardedAsSingleB3AndW3c() {
        assertThat(post(Map.of("b3", TRACE + "-" + SPAN + "-0")), is(Status.ACCEPTED_202));
        Map<String, String> h = wtl.calls().getFirst().headers();
        String span = h.get("x-b3-spanid");
        assertThat(span, matchesPattern(HEX16));
        assertThat(h.get("b3"), is(TRACE + "-" + span + "-0-" + SPAN));
        assertThat(h.get("x-b3-traceid"), is(TRACE));
        assertThat(h.get("traceparent"), is("00-" + TRACE + "-" + span + "-00"));
    }

    @Test
    void w3cTraceparentAndTracestateAreForwarded() {
        assertThat(post(Map.of("traceparent", "00-" + TRACE + "-" + SPAN + "-01", "tracestate", "nsps=1,x=y")),
                   is(Status.ACCEPTED_202));
        Map<String, String> h = wtl.calls().getFirst().headers();
        assertThat(h.get("x-b3-traceid"), is(TRACE));
        assertThat(h.get("x-b3-parentspanid"), is(SPAN));
        assertThat(h.get("traceparent"), is("00-" + TRACE + "-" + h.get("x-b3-spanid") + "-01"));
        assertThat(h.get("tracestate"), is("nsps=1,x=y"));
    }

    @Test
    void badOrOverlongIdsAreNotForwarded() {
        String overlong = "a".repeat(600);
        assertThat(post(Map.of("x-b3-traceid", overlong, "x-b3-spanid", SPAN,
                               "traceparent", "00-" + TRACE + "-zzzzzzzzzzzzzzzz-01")), is(Status.ACCEPTED_202));
        Map<String, String> h = wtl.calls().getFirst().headers();
        assertThat("a trace of its own", h.get("x-b3-traceid"), matchesPattern(HEX32));
        assertThat(h.get("x-b3-traceid"), not(TRACE));
        assertThat(h.get("x-b3-parentspanid"), nullValue());
        assertThat(h.get("traceparent"), matchesPattern("00-" + HEX32 + "-" + HEX16 + "-00"));

        wtl.reset();
        assertThat(post(Map.of("x-b3-traceid", "not-hex-" + TRACE.substring(8), "x-b3-spanid", "short")),
                   is(Status.ACCEPTED_202));
        Map<String, String> h2 = wtl.calls().getFirst().headers();
        assertThat(h2.get("x-b3-traceid"), matchesPattern(HEX32));
        assertThat(h2.get("x-b3-parentspanid"), nullValue());
    }

    @Test
    void withoutIncomingTraceTheRequestIdIsTheTraceId() {
        LogCapture log = LogCapture.of(EventProcessor.class.getName(), Level.DEBUG); // the per-call line is DEBUG
        try (log) {
            assertThat(post(Map.of()), is(Status.ACCEPTED_202));
        }
        String traceId = wtl.calls().getFirst().headers().get("x-b3-traceid");
        assertThat(traceId, matchesPattern(HEX32));
        ILoggingEvent sending = log.first("Sending WTL request").orElseThrow();
        assertThat(sending.getMDCPropertyMap().get("request_id"), is(traceId));
        assertThat(sending.getMDCPropertyMap().get("trace_id"), is(traceId));
    }

    @Test
    void parsingRules() {
        assertThat(parse(Map.of("x-b3-traceid", "48485a3953bb6124", "x-b3-spanid", SPAN)).traceId(),
                   is("48485a3953bb6124"));
        assertThat("upper-case hex is read as lower case",
                   parse(Map.of("x-b3-traceid", TRACE.toUpperCase(), "x-b3-spanid", SPAN)).traceId(), is(TRACE));
        assertThat("all-zero trace id refused",
                   parse(Map.of("x-b3-traceid", "0".repeat(32), "x-b3-spanid", SPAN)).parentSpanId(), nullValue());
        assertThat("sampling-only b3 carries no ids", parse(Map.of("b3", "1")).parentSpanId(), nullValue());
        assertThat("b3 with a bad sampling flag", parse(Map.of("b3", TRACE + "-" + SPAN + "-x")).parentSpanId(),
                   nullValue());
        assertThat("traceparent version ff is invalid",
                   parse(Map.of("traceparent", "ff-" + TRACE + "-" + SPAN + "-01")).parentSpanId(), nullValue());
        assertThat("control characters in tracestate drop it",
                   header(parse(Map.of("traceparent", "00-" + TRACE + "-" + SPAN + "-01", "tracestate", "a=1\u0001,b=2"))
                                  .callHeaders(), "tracestate"), nullValue());
        assertThat("a 64-bit B3 trace id is padded for traceparent",
                   header(parse(Map.of("x-b3-traceid", "48485a3953bb6124", "x-b3-spanid", SPAN)).callHeaders(),
                          "traceparent"), matchesPattern("00-000000000000000048485a3953bb6124-" + HEX16 + "-00"));
    }

    private static Matcher<String> matchesPattern(String regex) {
        return new CustomTypeSafeMatcher<>("a string matching " + regex) {
            @Override
            protected boolean matchesSafely(String item) {
                return item.matches(regex);
            }
        };
    }

    private static TraceContext parse(Map<String, String> headers) {
        WritableHeaders<?> h = WritableHeaders.create();
        headers.forEach((k, v) -> h.set(HeaderNames.create(k), v));
        return TraceContext.from(h, null);
    }

    private static String header(List<io.helidon.http.Header> headers, String name) {
        return headers.stream().collect(Collectors.toMap(x -> x.name(), x -> x.get())).get(name);
    }

    private Status post(Map<String, String> headers) {
        Http1ClientRequest request = harness.request("/process-event", "Bearer " + TestConnector.API_TOKEN,
                                                     "application/json");
        headers.forEach((k, v) -> request.header(HeaderNames.create(k), v));
        try (Http1ClientResponse res = request.submit(Fixtures.bytes("nsps/sim-updated.json"))) {
            return res.status();
        }
    }


    @Test
    void generatedIdsAre32LowerCaseHexDigitsAndDiffer() {
        String first = TraceContext.randomId();
        String second = TraceContext.randomId();

        assertThat(first, first.matches(HEX32), is(true));
        assertThat(second, second.matches(HEX32), is(true));
        assertThat(first.equals(second), is(false));
    }
}
