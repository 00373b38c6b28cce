package io.nspsconnector.wtl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.GeneratedInputs;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WtlRequestTest {

    /** Characters around the edges of the two rules, and some that only look like them. */
    private static final String ALPHABET = "09/:aAzZ@[`{-_.+ \u0660\u0969\uFF10\u00E9\u0130\u212A";

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void theHandWrittenChecksAgreeWithTheRulesPatterns(long seed) {
        for (int t = 0; t < 5_000; t++) {
            SplittableRandom random = GeneratedInputs.random(seed, t);
            StringBuilder text = new StringBuilder();
            int length = GeneratedInputs.between(random, 0, 18);
            for (int i = 0; i < length; i++) {
                // mostly digits, so that 15-digit texts come up often
                text.append(random.nextInt(3) > 0 ? (char) ('0' + random.nextInt(10))
                                    : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String s = text.toString();
            String where = "seed " + seed + ", try " + t + ": '" + s + "'";
            assertThat(where, WtlRequest.isImsi(s), is(WtlRequest.IMSI.matcher(s).matches()));
            assertThat(where, WtlRequest.isProfile(s), is(WtlRequest.PROFILE.matcher(s).matches()));
            String lettered = "p" + s;
            assertThat(where, WtlRequest.isProfile(lettered), is(WtlRequest.PROFILE.matcher(lettered).matches()));
        }
    }

    @Test
    void theHandWrittenChecksOnTheEdges() {
        assertThat(WtlRequest.isImsi("001010000020349"), is(true));
        assertThat(WtlRequest.isImsi("00101000002034"), is(false));
        assertThat(WtlRequest.isImsi("0010100000203490"), is(false));
        assertThat(WtlRequest.isImsi("00101000002034\u0669"), is(false));
        assertThat(WtlRequest.isImsi(null), is(false));
        assertThat(WtlRequest.isProfile("cs-pp_2025.03"), is(true));
        assertThat(WtlRequest.isProfile("9cs"), is(false));
        assertThat(WtlRequest.isProfile(""), is(false));
        assertThat(WtlRequest.isProfile("\u212Aelvin"), is(false));
        assertThat(WtlRequest.isProfile(null), is(false));
    }

    @Test
    void writesTheDocumentedBody() {
        WtlRequest request = new WtlRequest("001010000020349", SubscriberStatus.SERVICE_GRANTED, List.of("79123456789"),
                                            "cs-pp-20250319", "eps-pp-20250319", WtlAction.UPDATE);

        assertThat(Fixtures.json(request.toJson()), is(Fixtures.json("""
                {"imsi":"001010000020349","subscriber_status":"serviceGranted","msisdn":["79123456789"],
                 "cs_profile":"cs-pp-20250319","eps_profile":"eps-pp-20250319","action":"update"}""")));
    }

    @Test
    void escapesWhatAnAccountIdMayCarry() {
        String odd = "7912\"3\\4\n5\u0001";
        WtlRequest request = new WtlRequest("001010000020349", SubscriberStatus.OPERATOR_DETERMINED_BARRING,
                                            List.of(odd), "a", "b", WtlAction.INSERT);

        assertThat(Fixtures.json(request.toJson()).getJsonArray("msisdn").getString(0), is(odd));
    }

    @Test
    void refusesWhatWtlWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> request("00101000002034", List.of(), "cs"));
        assertThrows(IllegalArgumentException.class, () -> request("00101000002034x", List.of(), "cs"));
        assertThrows(IllegalArgumentException.class, () -> request("001010000020349", List.of("1", "2"), "cs"));
        assertThrows(IllegalArgumentException.class, () -> request("001010000020349", List.of(), "2g"));
        assertThrows(IllegalArgumentException.class, () -> request("001010000020349", List.of(), "a,b"));
    }

    private static WtlRequest request(String imsi, List<String> msisdn, String cs) {
        return new WtlRequest(imsi, SubscriberStatus.SERVICE_GRANTED, msisdn, cs, "eps", WtlAction.UPDATE);
    }

    @Test
    void writesAnEmptyMsisdnListAsAnEmptyArray() {
        WtlRequest request = new WtlRequest("001010000020298", SubscriberStatus.OPERATOR_DETERMINED_BARRING, List.of(),
                                            "default", "default", WtlAction.UPDATE);

        assertThat(Fixtures.json(request.toJson()), is(Fixtures.json("""
                {"imsi":"001010000020298","subscriber_status":"operatorDeterminedBarring","msisdn":[],
                 "cs_profile":"default","eps_profile":"default","action":"update"}""")));
    }

    @ParameterizedTest
    @EnumSource(WtlAction.class)
    void writesEveryActionInLowerCase(WtlAction action) {
        WtlRequest request = new WtlRequest("001010000020349", SubscriberStatus.SERVICE_GRANTED, List.of(), "a", "b",
                                            action);

        assertThat(Fixtures.json(request.toJson()).getString("action"), is(action.name().toLowerCase()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"quote\"inside", "back\\slash", "new\nline", "tab\t", "bell\u0007", "nul\u0000",
            "\"\\\"", "\u00e9\u65e5\uD83D\uDE00"})
    void anyMsisdnTextComesBackUnchangedFromAParser(String msisdn) {
        WtlRequest request = new WtlRequest("001010000020349", SubscriberStatus.SERVICE_GRANTED, List.of(msisdn), "a", "b",
                                            WtlAction.UPDATE);

        JsonObject parsed = Fixtures.json(request.toJson());
        assertThat(parsed.getJsonArray("msisdn").getString(0), is(msisdn));
        assertThat(parsed.getString("imsi"), is("001010000020349"));
        assertThat(parsed.size(), is(6));
    }

    @Test
    void bytesAreTheJsonInUtf8() {
        WtlRequest request = new WtlRequest("001010000020349", SubscriberStatus.SERVICE_GRANTED, List.of("\u00e9"), "a",
                                            "b", WtlAction.UPDATE);

        assertThat(new String(request.toJsonBytes(), StandardCharsets.UTF_8), is(request.toJson()));
        assertThat(request.toJson(), containsString("[\"\u00e9\"]"));
    }

    @Test
    void keepsItsOwnCopyOfTheMsisdnList() {
        List<String> msisdn = new ArrayList<>(List.of("79123456789"));
        WtlRequest request = new WtlRequest("001010000020349", SubscriberStatus.SERVICE_GRANTED, msisdn, "a", "b",
                                            WtlAction.UPDATE);

        msisdn.set(0, "70000000000");

        assertThat(request.msisdn(), is(List.of("79123456789")));
    }

    @Test
    void acceptsProfileNamesWithDotsDashesAndUnderscores() {
        WtlRequest request = request("001010000020349", List.of(), "cs-pp_2025.03");

        assertThat(request.csProfile(), is("cs-pp_2025.03"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00101000002034", "0010100000203490", "00101000002034x", "", " 01010000020349",
            "00101000002034\u0663", "001010000020349\n"})
    void refusesAnImsiThatIsNotExactlyFifteenAsciiDigits(String imsi) {
        assertThrows(IllegalArgumentException.class, () -> request(imsi, List.of(), "cs"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2g", "-cs", "_cs", ".cs", "cs,eps", "cs profile", "cs/1", "cs\n", "\u00e9cs"})
    void refusesAProfileThatBreaksTheWtlRule(String profile) {
        assertThrows(IllegalArgumentException.class, () -> request("001010000020349", List.of(), profile));
        assertThrows(IllegalArgumentException.class, () -> new WtlRequest("001010000020349",
                SubscriberStatus.SERVICE_GRANTED, List.of(), "cs", profile, WtlAction.UPDATE));
    }

    @Test
    void refusesMissingFields() {
        assertThrows(IllegalArgumentException.class, () -> request(null, List.of(), "cs"));
        assertThrows(IllegalArgumentException.class, () -> request("001010000020349", List.of(), null));
        assertThrows(NullPointerException.class, () -> new WtlRequest("001010000020349", null, List.of(), "a", "b",
                                                                       WtlAction.UPDATE));
        assertThrows(NullPointerException.class, () -> new WtlRequest("001010000020349",
                SubscriberStatus.SERVICE_GRANTED, List.of(), "a", "b", null));
    }
}
