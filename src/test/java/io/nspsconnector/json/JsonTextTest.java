package io.nspsconnector.json;

import io.nspsconnector.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Hand-written JSON string literals: whatever goes in comes back out of a real JSON parser unchanged. */
class JsonTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "79123456789", "say \"hi\"", "back\\slash", "\\\"", "line\nbreak", "carriage\rreturn",
            "tab\there", "\u0001", "\u0000\u001f\u007f", "\b\f", "é", "日本", "\uD83D\uDE00 emoji", "\u2028\u2029",
            "</script>", "'single'"})
    void survivesARoundTripThroughAJsonParser(String value) {
        assertThat(Fixtures.json("{\"v\":" + literal(value) + "}").getString("v"), is(value));
    }

    @Test
    void quotesAndEscapesTheCharactersJsonRequires() {
        assertThat(literal("a\"b\\c"), is("\"a\\\"b\\\\c\""));
        assertThat(literal("\n\r\t"), is("\"\\n\\r\\t\""));
    }

    @Test
    void writesOtherControlCharactersAsLowerCaseUnicodeEscapes() {
        assertThat(literal("\u0001\u001f\u000b"), is("\"\\u0001\\u001f\\u000b\""));
    }

    @Test
    void leavesPrintableAndNonAsciiCharactersAsTheyAre() {
        assertThat(literal("é \uD83D\uDE00 /"), is("\"é \uD83D\uDE00 /\""));
        assertThat(literal(""), is("\"\""));
    }

    @Test
    void appendsToWhatIsAlreadyInTheBuilder() {
        StringBuilder out = new StringBuilder("[1,");

        JsonText.appendString(out, "x");

        assertThat(out.toString(), is("[1,\"x\""));
    }

    private static String literal(String value) {
        StringBuilder out = new StringBuilder();
        JsonText.appendString(out, value);
        return out.toString();
    }
}
