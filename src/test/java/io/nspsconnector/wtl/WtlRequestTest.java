package io.nspsconnector.wtl;

import java.util.List;

import io.nspsconnector.testing.Fixtures;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WtlRequestTest {

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
}
