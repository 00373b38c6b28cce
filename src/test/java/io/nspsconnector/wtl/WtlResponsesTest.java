package io.nspsconnector.wtl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import io.nspsconnector.testing.Fixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
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
}
