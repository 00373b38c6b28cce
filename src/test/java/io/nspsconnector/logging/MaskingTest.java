package io.nspsconnector.logging;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
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
}
