package io.nspsconnector.http;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApiTokensTest {

    private final ApiTokens tokens = new ApiTokens(List.of("current-token", "next-token"));

    @Test
    void acceptsEveryConfiguredTokenDuringARotation() {
        assertThat(tokens.accepts("current-token"), is(true));
        assertThat(tokens.accepts("next-token"), is(true));
    }

    @Test
    void rejectsNearMisses() {
        for (String candidate : List.of("", "current", "current-token ", "current-tokenx", "CURRENT-TOKEN", "next")) {
            assertThat(candidate, tokens.accepts(candidate), is(false));
        }
    }

    @Test
    void rejectsPrefixesAndSuffixesOfEitherToken() {
        for (String candidate : List.of("current-toke", "urrent-token", "-token", "token", "next-toke", "ext-token",
                                        " current-token", "current-tokennext-token", "next-token,current-token")) {
            assertThat(candidate, tokens.accepts(candidate), is(false));
        }
    }

    @Test
    void aSingleTokenListAcceptsOnlyThatToken() {
        ApiTokens single = new ApiTokens(List.of("only"));

        assertThat(single.accepts("only"), is(true));
        assertThat(single.accepts("current-token"), is(false));
        assertThat(single.size(), is(1));
    }

    @Test
    void toStringShowsNeitherTokenNorAnyPartOfIt() {
        String text = tokens.toString();

        assertThat(text, not(containsString("current")));
        assertThat(text, not(containsString("next")));
        assertThat(text, containsString("2 redacted"));
    }

    @Test
    void neverShowsATokenAndNeedsOne() {
        assertThat(tokens.toString(), not(containsString("token-")));
        assertThat(tokens.size(), is(2));
        assertThrows(IllegalArgumentException.class, () -> new ApiTokens(List.of()));
    }
}
