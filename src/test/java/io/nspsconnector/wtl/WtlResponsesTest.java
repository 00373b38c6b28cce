package io.nspsconnector.wtl;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.nspsconnector.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

/** The WTL success test and the reading of failure texts and Retry-After. */
class WtlResponsesTest {

    @ParameterizedTest
    @ValueSource(strings = {"success-result-true.json", "success-message-only.json", "success-empty.json"})
    void successFixturesAreSuccess(String file) {
        assertThat(WtlResponses.failureOf2xx(Fixtures.bytes("wtl/" + file)), is(Optional.empty()));
    }

    @Test
    void failureFixturesCarryWtlsText() {
        assertThat(WtlResponses.failureOf2xx(Fixtures.bytes("wtl/failure-result-false.json")),
                   is(Optional.of("Subscriber with IMSI 001010000020349 not found")));
        assertThat(WtlResponses.failureOf2xx(Fixtures.bytes("wtl/failure-error-only.json")),
                   is(Optional.of("Unknown cs_profile cs-pp-20250319")));
    }

    @Test
    void resultDecidesWhenPresent() {
        assertThat(WtlResponses.failureOf2xx(bytes("{\"result\":true,\"error\":\"ignored\"}")), is(Optional.empty()));
        assertThat(WtlResponses.failureOf2xx(bytes("{\"result\":false}")), is(Optional.of("Unknown error")));
        assertThat(WtlResponses.failureOf2xx(bytes("{\"result\":false,\"message\":\"m\"}")), is(Optional.of("m")));
        assertThat(WtlResponses.failureOf2xx(bytes("{\"message\":\"m\",\"error\":\"e\"}")), is(Optional.of("e")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OK", "[]", "", "{\"result\":"})
    void unreadableAnswersAreNull(String body) {
        assertThat(WtlResponses.failureOf2xx(bytes(body)), is(nullValue()));
    }

    @Test
    void errorTextPrefersErrorThenMessageThenStatus() {
        assertThat(WtlResponses.errorText(400, Fixtures.bytes("wtl/http-400-bad-request.json")),
                   is("imsi: must match ^[0-9]{15}$"));
        assertThat(WtlResponses.errorText(500, bytes("{\"message\":\"down\"}")), is("down"));
        assertThat(WtlResponses.errorText(502, bytes("<html>")), is("HTTP 502"));
    }

    @Test
    void retryAfterInSecondsOrAsADate() {
        assertThat(WtlResponses.retryAfter("3"), is(Optional.of(Duration.ofSeconds(3))));
        assertThat(WtlResponses.retryAfter(" 0 "), is(Optional.of(Duration.ZERO)));
        assertThat(WtlResponses.retryAfter("-1"), is(Optional.empty()));
        assertThat(WtlResponses.retryAfter("soon"), is(Optional.empty()));
        assertThat(WtlResponses.retryAfter(null), is(Optional.empty()));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1));
        assertThat(WtlResponses.retryAfter(past), is(Optional.of(Duration.ZERO)));
        String future = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        Duration delay = WtlResponses.retryAfter(future).orElseThrow();
        assertThat(delay.toSeconds(), greaterThan(20L));
        assertThat(delay.toSeconds(), lessThanOrEqualTo(30L));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Verdict of docs/spec/wtl-hlr-hss.md, "The answer", for every WTL fixture: empty = success, else the failure text. */
    private static final Map<String, Optional<String>> VERDICTS = Map.of(
            "success-result-true.json", Optional.empty(),
            "success-message-only.json", Optional.empty(),
            "success-empty.json", Optional.empty(),
            "failure-result-false.json", Optional.of("Subscriber with IMSI 001010000020349 not found"),
            "failure-error-only.json", Optional.of("Unknown cs_profile cs-pp-20250319"),
            "http-400-bad-request.json", Optional.of("imsi: must match ^[0-9]{15}$"),
            "http-401-unauthorized.json", Optional.of("Invalid token"),
            "http-429-rate-limited.json", Optional.of("Too many requests"),
            "http-500-server-error.json", Optional.of("Database unavailable"));

    @Test
    void everyWtlFixtureGetsTheVerdictOfTheSuccessTest() throws IOException, URISyntaxException {
        Path dir = Path.of(WtlResponsesTest.class.getResource("/fixtures/wtl").toURI());
        List<String> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.map(p -> p.getFileName().toString()).toList();
        }

        assertThat("a new WTL fixture needs a verdict here", files,
                   containsInAnyOrder(VERDICTS.keySet().toArray(String[]::new)));
        for (String file : files) {
            assertThat(file, WtlResponses.failureOf2xx(Fixtures.bytes("wtl/" + file)), is(VERDICTS.get(file)));
        }
    }

    @Test
    void errorStatusFixturesGiveTheirErrorText() {
        assertThat(WtlResponses.errorText(401, Fixtures.bytes("wtl/http-401-unauthorized.json")), is("Invalid token"));
        assertThat(WtlResponses.errorText(429, Fixtures.bytes("wtl/http-429-rate-limited.json")),
                   is("Too many requests"));
        assertThat(WtlResponses.errorText(503, Fixtures.bytes("wtl/http-500-server-error.json")),
                   is("Database unavailable"));
    }

    @Test
    void resultFalseWithoutAnyTextIsAnUnknownError() {
        assertThat(WtlResponses.failureOf2xx(bytes("{\"result\":false,\"error\":null,\"message\":7}")),
                   is(Optional.of("Unknown error")));
    }

    @Test
    void resultTrueWinsOverAnError() {
        assertThat(WtlResponses.failureOf2xx(bytes("{\"result\":true,\"error\":\"Unknown cs_profile x\"}")),
                   is(Optional.empty()));
    }

    @Test
    void nullResultCountsAsAbsent() {
        assertThat(WtlResponses.failureOf2xx(bytes("{\"result\":null,\"error\":\"e\"}")), is(Optional.of("e")));
        assertThat(WtlResponses.failureOf2xx(bytes("{\"result\":null}")), is(Optional.empty()));
    }

    @Test
    void aResultThatIsNotTrueIsAFailure() {
        assertThat(WtlResponses.failureOf2xx(bytes("{\"result\":\"true\"}")), is(Optional.of("Unknown error")));
        assertThat(WtlResponses.failureOf2xx(bytes("{\"result\":1,\"error\":\"e\"}")), is(Optional.of("e")));
    }

    @Test
    void messageWithAnErrorIsAFailureWithTheError() {
        assertThat(WtlResponses.failureOf2xx(bytes("{\"message\":\"m\",\"error\":\"e\"}")), is(Optional.of("e")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OK", "[{\"result\":true}]", "\"result\"", "true", "null", "42", "<html></html>"})
    void bodiesThatAreNotAJsonObjectAreNull(String body) {
        assertThat(WtlResponses.failureOf2xx(bytes(body)), is(nullValue()));
    }

    @Test
    void anEmptyBodyIsNull() {
        assertThat(WtlResponses.failureOf2xx(new byte[0]), is(nullValue()));
    }

    @Test
    void errorTextFallsBackToTheStatus() {
        assertThat(WtlResponses.errorText(500, bytes("{\"error\":\"boom\",\"message\":\"m\"}")), is("boom"));
        assertThat(WtlResponses.errorText(503, bytes("{\"error\":5,\"message\":\"busy\"}")), is("busy"));
        assertThat(WtlResponses.errorText(504, bytes("{}")), is("HTTP 504"));
        assertThat(WtlResponses.errorText(502, bytes("Bad Gateway")), is("HTTP 502"));
        assertThat(WtlResponses.errorText(500, new byte[0]), is("HTTP 500"));
        assertThat(WtlResponses.errorText(400, bytes("[\"error\"]")), is("HTTP 400"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "1.5", "abc", "Thu, 32 Foo 2025 00:00:00 GMT", "-5", "10s"})
    void retryAfterThatCannotBeReadIsEmpty(String value) {
        assertThat(WtlResponses.retryAfter(value), is(Optional.empty()));
    }

    @Test
    void retryAfterInSeconds() {
        assertThat(WtlResponses.retryAfter("120"), is(Optional.of(Duration.ofMinutes(2))));
    }

    @Test
    void retryAfterAsALongPastDateIsZero() {
        assertThat(WtlResponses.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), is(Optional.of(Duration.ZERO)));
    }

    @Test
    void retryAfterAsAFarFutureDateIsTheTimeUntilThen() {
        ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC).plusHours(2);
        Duration delay = WtlResponses.retryAfter(DateTimeFormatter.RFC_1123_DATE_TIME.format(at)).orElseThrow();

        assertThat(delay.toMinutes(), greaterThan(118L));
        assertThat(delay.toMinutes(), lessThanOrEqualTo(120L));
    }
}
