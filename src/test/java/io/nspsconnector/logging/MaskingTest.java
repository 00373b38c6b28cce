package io.nspsconnector.logging;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

class MaskingTest {

    private final Masking masked = Masking.of(true);
    private final Masking plain = Masking.of(false);

    @Test
    void imsiKeepsNetworkAndLastDigits() {
        assertThat(masked.imsi("001010000020349"), is("00101*******349"));
        assertThat(masked.imsi("12345678"), is("********"));
        assertThat(masked.imsi(null), is(nullValue()));
    }

    @Test
    void msisdnKeepsLastDigits() {
        assertThat(masked.msisdn("79123456789"), is("********789"));
        assertThat(masked.msisdn("12"), is("**"));
    }

    @Test
    void deviceIdentifiersKeepOnlyWhatDoesNotIdentifyTheSubscriber() {
        assertThat(Masking.maskNetworkAccessIdentifier("device123456@operator.example"), is("*********456@operator.example"));
        assertThat(Masking.maskNetworkAccessIdentifier("noDomain9876"), is("*********876"));
        assertThat(Masking.maskIpv4("203.0.113.9"), is("203.0.*.*"));
        assertThat(Masking.maskIpv4("203.0.113.9:8080"), is("203.0.*.*"));
        assertThat(Masking.maskIpv4("10.1"), is("****"));
        assertThat(Masking.maskIpv6("2001:db8:85a3::8a2e:370:7334"), is("2001:db8:*"));
        assertThat(Masking.maskIpv6("::"), is("**"));
    }

    @Test
    void freeTextHasEveryLongNumberMasked() {
        assertThat(masked.text("Subscriber with IMSI 001010000020349 not found, MSISDN +79123456789, code 42"),
                   is("Subscriber with IMSI 00101*******349 not found, MSISDN *********789, code 42"));
        assertThat(masked.text("nothing here"), is("nothing here"));
    }

    @Test
    void switchedOffLeavesEverythingAsIs() {
        assertThat(plain.imsi("001010000020349"), is("001010000020349"));
        assertThat(plain.msisdn("79123456789"), is("79123456789"));
        assertThat(plain.text("IMSI 001010000020349"), is("IMSI 001010000020349"));
    }

    @Test
    void shortIdentifiersAreMaskedWhole() {
        assertThat(masked.imsi("123456789"), is("12345*789"));
        assertThat(masked.imsi(""), is(""));
        assertThat(masked.msisdn("123"), is("***"));
        assertThat(masked.msisdn("1234"), is("*234"));
        assertThat(masked.msisdn(""), is(""));
    }

    @Test
    void nullsStayNullWhateverThePolicy() {
        assertThat(masked.msisdn(null), is(nullValue()));
        assertThat(masked.text(null), is(nullValue()));
        assertThat(plain.imsi(null), is(nullValue()));
        assertThat(plain.msisdn(null), is(nullValue()));
        assertThat(plain.text(null), is(nullValue()));
    }

    @Test
    void freeTextLeavesRunsShorterThanSixDigitsAlone() {
        assertThat(masked.text("retry 12345 times, code 42"), is("retry 12345 times, code 42"));
        assertThat(masked.text("id 123456"), is("id ***456"));
    }

    @Test
    void freeTextMasksThePlusSignWithTheNumber() {
        assertThat(masked.text("call +79123456789 now"), is("call *********789 now"));
        assertThat(masked.text("+123456"), is("****456"));
    }

    @Test
    void freeTextMasksRunsGluedToLettersAndEveryRunInTheText() {
        assertThat(masked.text("IMSI001010000020349/79123456789"), is("IMSI00101*******349/********789"));
    }

    @Test
    void freeTextMasksLongerRunsSuchAsIccidsLikeAnMsisdn() {
        assertThat(masked.text("ICCID 8988211000000123456"), is("ICCID ****************456"));
    }

    @Test
    void freeTextLeavesSpecialCharactersOfTheReplacementAlone() {
        assertThat(masked.text("$1 \\ 79123456789 $"), is("$1 \\ ********789 $"));
    }

    @Test
    void reportsWhetherItMasks() {
        assertThat(masked.enabled(), is(true));
        assertThat(plain.enabled(), is(false));
        assertThat(Masking.of(true), is(masked));
    }

    @Test
    void staticMaskersMaskWhateverThePolicy() {
        assertThat(Masking.maskImsi("001010000020349"), is("00101*******349"));
        assertThat(Masking.maskMsisdn("79123456789"), is("********789"));
        assertThat(Masking.maskImsi(null), is(nullValue()));
    }

    @Test
    void freeTextMasksAPlusPrefixedFourteenDigitNumberLikeAnMsisdn() {
        String text = masked.text("MSISDN +49170123456789");

        assertThat(text, is("MSISDN ************789"));
        assertThat(text, not(containsString("4917")));
    }
}
