package io.nspsconnector.nsps;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The filter's step budget stops catastrophic backtracking; the shape check finds nested quantifiers. */
class ImsiFilterTest {

    @Test
    void catastrophicBacktrackingIsCutOffByTheStepBudgetInsteadOfRunningForever() {
        Pattern catastrophic = Pattern.compile("^(?:\\d+){1,40}$");
        assertThrows(ImsiFilter.BudgetExceeded.class, () -> ImsiFilter.find(catastrophic, "1".repeat(59) + "x"));
    }

    @Test
    void ordinaryPatternsMatchAsFindDoes() {
        assertThat(ImsiFilter.find(Pattern.compile("^00101"), "001010000020349"), is(true));
        assertThat(ImsiFilter.find(Pattern.compile("0000"), "001010000020349"), is(true));
        assertThat(ImsiFilter.find(Pattern.compile("^2"), "001010000020349"), is(false));
        // the same catastrophic pattern is harmless on the 15 digits the planner lets through
        assertThat(ImsiFilter.find(Pattern.compile("^(?:\\d+){1,40}$"), "001010000020349"), is(true));
    }

    @Test
    void nestedQuantifiersAreWarnedAboutPlainPatternsAreNot() {
        assertThat(ImsiFilter.warnings("^(?:\\d+){1,40}$"), hasSize(1));
        assertThat(ImsiFilter.warnings("^(?:\\d+){1,40}$").getFirst().severity(), is("high"));
        assertThat(ImsiFilter.warnings("(a*)*b"), hasSize(1));
        assertThat(ImsiFilter.warnings("((\\d+))+"), hasSize(1));
        assertThat(ImsiFilter.warnings("^00101[0-9]{10}$"), empty());
        assertThat(ImsiFilter.warnings("^(001|002)[0-9]+$"), empty());
        assertThat(ImsiFilter.warnings("^(\\d+)?x"), empty());
        assertThat(ImsiFilter.warnings("[(+)]+"), empty());
    }
}
