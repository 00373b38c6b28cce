package io.nspsconnector.json;

import java.nio.charset.StandardCharsets;

import io.nspsconnector.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StrictJsonTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|is empty",
            "[1]|must be a JSON object",
            "\"x\"|must be a JSON object",
            "{\"a\":1} x|is not valid JSON",
            "{\"a\":1}{}|",
            "{\"a\":1,\"a\":2}|is not valid JSON",
            "{\"a\":|is not valid JSON"})
    void refusesAnythingButExactlyOneObject(String body, String reason) {
        StrictJson.NotAnObject e = assertThrows(StrictJson.NotAnObject.class,
                                                () -> StrictJson.parseObject(body.getBytes(StandardCharsets.UTF_8)));

        assertThat(e.getMessage(), startsWith(reason == null ? "" : reason));
    }

    @Test
    void refusesNestingBeyondTheParserLimit() {
        byte[] deep = ("{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}").getBytes(StandardCharsets.UTF_8);

        assertThrows(StrictJson.NotAnObject.class, () -> StrictJson.parseObject(deep));
    }

    @Test
    void readsAFixture() throws StrictJson.NotAnObject {
        assertThat(StrictJson.parseObject(Fixtures.bytes("nsps/sim-updated.json")).getString("event_id"),
                   is("3e84c79f-ab6f-4546-8e27-0b6ab866f1fb"));
    }

    @Test
    void decodesAsciiAndOtherUtf8AlikeAndStillRefusesMalformedBytes() throws StrictJson.NotAnObject {
        assertThat(StrictJson.decodeUtf8("{\"a\":\"plain\"}".getBytes(StandardCharsets.UTF_8)), is("{\"a\":\"plain\"}"));
        assertThat(StrictJson.decodeUtf8("{\"a\":\"\u00e9\u4e2d\"}".getBytes(StandardCharsets.UTF_8)),
                   is("{\"a\":\"\u00e9\u4e2d\"}"));
        byte[] malformed = {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'};
        StrictJson.NotAnObject refused = assertThrows(StrictJson.NotAnObject.class, () -> StrictJson.decodeUtf8(malformed));
        assertThat(refused.getMessage(), is("is not valid UTF-8"));
    }
}
