package io.nspsconnector.nsps;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.nspsconnector.errors.ConnectorError.InvalidEvent;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The strictness of the streaming reader, rule by rule, each where the tree parser drew the same line. */
class EventReaderTest {

    private static final String EVENT = "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"}";

    private final EventValidator validator = new EventValidator();
    private final TreeEventValidator oracle = new TreeEventValidator();

    @Test
    void refusesADuplicateKeyInsideAPartItSkips() {
        String body = EVENT + ",\"pb_data\":{\"product_info\":{\"name\":\"a\",\"x\":[{\"k\":1,\"k\":2}]}}}";

        assertMatches(bodyProblem(body), "is not valid JSON \\(line 1, column \\d+\\)");
        assertThat(oracleBodyProblem(body), is("is not valid JSON"));
    }

    @Test
    void refusesADuplicateKeyItReads() {
        assertMatches(bodyProblem("{\"event_id\":\"e\",\"event_id\":\"f\",\"data\":{\"event_type\":\"T\"}}"),
                      "is not valid JSON \\(line 1, column \\d+\\)");
    }

    @Test
    void findsADuplicateAmongManyKeysWhereverItIs() {
        // the parser's check keeps an object's first two keys apart and looks the rest up in a set: both ways tried
        for (int keys : new int[] {1, 2, 3, 17, 5_000}) {
            StringBuilder object = new StringBuilder("{");
            for (int i = 0; i < keys; i++) {
                object.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
            }
            String distinct = object + "}";
            assertThat(keys + " distinct keys", validate(EVENT + ",\"x\":" + distinct + "}").eventId(), is("e"));
            for (int dup : new int[] {0, keys / 2, keys - 1}) {
                String body = EVENT + ",\"x\":" + object + ",\"k" + dup + "\":0}}";
                assertMatches(bodyProblem(body), "is not valid JSON \\(line 1, column \\d+\\)");
                assertThat(oracleBodyProblem(body), is("is not valid JSON"));
            }
        }
    }

    @Test
    void aKeyMayRepeatInAnotherObjectButNotAfterANestedOneCloses() {
        String siblingsAndNested = EVENT + ",\"a\":{\"k\":{\"k\":1}},\"b\":{\"k\":2},\"c\":[{\"k\":3},{\"k\":4}]}";
        assertThat(validate(siblingsAndNested).eventId(), is("e"));
        assertThat(oracle.validate(bytes(siblingsAndNested)).eventId(), is("e"));

        String afterNested = EVENT + ",\"a\":{\"k\":{\"x\":1,\"y\":2},\"k\":3}}";
        assertMatches(bodyProblem(afterNested), "is not valid JSON \\(line 1, column \\d+\\)");
        assertThat(oracleBodyProblem(afterNested), is("is not valid JSON"));
    }

    @Test
    void acceptsNestingAtTheLimitAndRefusesOneLevelMore() {
        // the event object is level 1, so 998 lists inside it make 999 levels
        String atLimit = EVENT + ",\"x\":" + "[".repeat(EventReader.MAX_DEPTH - 1) + "]".repeat(EventReader.MAX_DEPTH - 1)
                + "}";
        String overLimit = EVENT + ",\"x\":" + "[".repeat(EventReader.MAX_DEPTH) + "]".repeat(EventReader.MAX_DEPTH) + "}";

        assertThat(validate(atLimit).eventId(), is("e"));
        assertThat(oracle.validate(bytes(atLimit)).eventId(), is("e"));
        assertMatches(bodyProblem(overLimit), "is not valid JSON \\(line 1, column \\d+\\)");
        assertThat(oracleBodyProblem(overLimit), is("is not valid JSON"));
    }

    @Test
    void refusesAnOverlongUtf8Form() {
        // C0 AF: '/' in two bytes, which a lenient decoder would read as '/'
        byte[] body = withBytes("{\"event_id\":\"e", new byte[] {(byte) 0xC0, (byte) 0xAF},
                                "\",\"data\":{\"event_type\":\"T\"}}");

        assertThat(bodyProblem(body), is("is not valid UTF-8"));
    }

    @Test
    void refusesAnEncodedSurrogate() {
        // ED A0 80: U+D800, a surrogate, which UTF-8 must not carry
        byte[] body = withBytes(EVENT + ",\"x\":\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}");

        assertThat(bodyProblem(body), is("is not valid UTF-8"));
    }

    @Test
    void readsNonAsciiTextAsSent() {
        NspsEvent event = validate("{\"event_id\":\"é中\uD83D\uDE00\",\"data\":{\"event_type\":\"SIM/Updated\"}}");

        assertThat(event.eventId(), is("é中\uD83D\uDE00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", " {}", "x", "]", "null"})
    void refusesContentAfterTheObjectAsTheTreeParserDid(String trailer) {
        String body = EVENT + "}" + trailer;

        assertMatches(bodyProblem(body), "is not valid JSON \\(line 1, column \\d+\\)");
        assertMatches(oracleBodyProblem(body), "is not valid JSON \\(line 1, column \\d+\\)");
    }

    @Test
    void acceptsWhitespaceAroundTheObject() {
        assertThat(validate(" \r\n\t" + EVENT + "} \n").eventType(), is("T"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[" + EVENT + "}]", "[", "42x", "true", "\"text\"", " [1]"})
    void refusesATopLevelThatIsNotAnObject(String body) {
        assertThat(bodyProblem(body), is("must be a JSON object"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uFEFF{\"event_id\":\"e\"}", " ", "nul", "\"unterminated"})
    void givesTheTreeParsersWordsForBodiesThatDoNotStartAnObject(String body) {
        assertThat(bodyProblem(body), is(oracleBodyProblem(body)));
    }

    @Test
    void refusesNumbersTheTreeParserCouldNotBuildEvenWhereItSkips() {
        String longest = "1".repeat(EventReader.MAX_NUMBER_LENGTH);
        String tooLong = "-" + longest;

        assertThat(validate(EVENT + ",\"x\":[" + longest + "]}").eventId(), is("e"));
        assertMatches(bodyProblem(EVENT + ",\"x\":[" + tooLong + "]}"), "is not valid JSON.*");
        assertThat(oracleBodyProblem(EVENT + ",\"x\":[" + tooLong + "]}"), is("is not valid JSON"));
        // an exponent a BigDecimal cannot hold; a merely huge one is fine
        assertThat(validate(EVENT + ",\"x\":{\"y\":1e999}}").eventId(), is("e"));
        assertMatches(bodyProblem(EVENT + ",\"x\":{\"y\":1e99999999999}}"), "is not valid JSON.*");
        assertThat(oracleBodyProblem(EVENT + ",\"x\":{\"y\":1e99999999999}}"), is("is not valid JSON"));
    }

    @Test
    void acceptsLongNamesAndStringsAsTheTreeParserDid() {
        String body = EVENT + ",\"" + "k".repeat(100_000) + "\":\"" + "v".repeat(100_000) + "\"}";

        assertThat(validate(body).eventId(), is("e"));
    }

    @Test
    void aStringTypedWrongWhereAnObjectBelongsIsAProblemNotAParseError() {
        InvalidEvent e = assertThrows(InvalidEvent.class, () -> validate(EVENT + ",\"pb_data\":{\"sim_info\":[{\"imsi\":"
                                                                                  + "\"1\",\"imsi\":2}]}}"));

        // the duplicate sits in a list the reader steps over: still a parse error, as in the tree parser
        assertThat(e.problems().getFirst().field(), is("body"));
        InvalidEvent typed = assertThrows(InvalidEvent.class, () -> validate(EVENT + ",\"pb_data\":{\"sim_info\":[]}}"));
        assertThat(typed.problems(), contains(new FieldProblem("pb_data.sim_info", "must be an object")));
    }

    @Test
    void readsAFixtureAsTheTreeDid() {
        byte[] body = Fixtures.bytes("nsps/sim-updated-full.json");

        assertThat(validator.validate(body), is(oracle.validate(body)));
        assertThat(validator.validate(body).createdAt().isPresent(), is(true));
        assertThat(validator.validate(Fixtures.bytes("nsps/sim-updated.json")).prevSim(), is(Optional.empty()));
    }

    private static void assertMatches(String actual, String pattern) {
        assertThat("'" + actual + "' matches " + pattern, actual.matches(pattern), is(true));
    }

    private NspsEvent validate(String body) {
        return validator.validate(bytes(body));
    }

    private String bodyProblem(String body) {
        return bodyProblem(bytes(body));
    }

    private String bodyProblem(byte[] body) {
        InvalidEvent e = assertThrows(InvalidEvent.class, () -> validator.validate(body));
        assertThat(e.problems().size(), is(1));
        assertThat(e.problems().getFirst().field(), is("body"));
        assertThat(e.error(), is("body " + e.problems().getFirst().problem()));
        return e.problems().getFirst().problem();
    }

    private String oracleBodyProblem(String body) {
        InvalidEvent e = assertThrows(InvalidEvent.class, () -> oracle.validate(bytes(body)));
        assertThat(e.problems().getFirst().field(), is("body"));
        return e.problems().getFirst().problem();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withBytes(String before, byte[] middle, String after) {
        byte[] a = bytes(before);
        byte[] c = bytes(after);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }
}
