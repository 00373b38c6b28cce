package io.nspsconnector.nac;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Envelope and data rules of the parser, and the normalisations docs/spec/network-as-code-notifications.md asks for. */
class NotificationParserTest {

    private final NotificationParser parser = new NotificationParser();

    // CHECKSTYLE.OFF: LineLength - one case per line reads as a table
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "id missing               | \"source\":\"s\",\"type\":\"t\",\"specversion\":\"1.0\",\"time\":\"2024-06-01T10:00:00Z\" | id | missing",
            "id not a string          | \"id\":1,\"source\":\"s\",\"type\":\"t\",\"specversion\":\"1.0\",\"time\":\"2024-06-01T10:00:00Z\" | id | must be a string",
            "type missing             | \"id\":\"1\",\"source\":\"s\",\"specversion\":\"1.0\",\"time\":\"2024-06-01T10:00:00Z\" | type | missing",
            "specversion 1.1          | \"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"specversion\":\"1.1\",\"time\":\"2024-06-01T10:00:00Z\" | specversion | must be \"1.0\"",
            "time without zone        | \"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"specversion\":\"1.0\",\"time\":\"2024-06-01T10:00:00\" | time | must be an RFC 3339 date-time with a zone, e.g. 2024-05-23T08:15:02.114Z",
            "time missing             | \"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"specversion\":\"1.0\" | time | missing",
            "data not an object       | \"id\":\"1\",\"source\":\"s\",\"type\":\"t\",\"specversion\":\"1.0\",\"time\":\"2024-06-01T10:00:00Z\",\"data\":[] | data | must be an object"})
    // CHECKSTYLE.ON: LineLength
    void envelopeProblemsAre400(String name, String members, String field, String problem) {
        ConnectorError.InvalidNotification e = invalid("{" + members + "}");
        assertThat(e.problems(), hasItem(new FieldProblem(field, problem)));
    }

    @Test
    void dataOfKnownTypesIsChecked() {
        String g1 = "{\"id\":\"1\",\"source\":\"s\",\"specversion\":\"1.0\",\"time\":\"2024-06-01T10:00:00Z\",";
        assertThat(invalid(g1 + "\"type\":\"org.camaraproject.device-status.v0.roaming-status\","
                                   + "\"data\":{\"device\":{\"phoneNumber\":\"+3611111111\"}}}").problems(),
                   hasItem(new FieldProblem("data.roaming", "missing")));
        assertThat(invalid(g1 + "\"type\":\"org.camaraproject.device-status.v0.roaming-change-country\","
                                   + "\"data\":{\"device\":{\"phoneNumber\":\"+3611111111\"},\"countryCode\":2.5}}").problems(),
                   hasItem(new FieldProblem("data.countryCode", "must be an integer (MCC)")));
        assertThat(invalid(g1 + "\"type\":\"org.camaraproject.device-status.v0.subscription-ends\","
                                   + "\"data\":{\"subscriptionId\":\"x\"}}").problems(),
                   hasItem(new FieldProblem("data.terminationReason", "missing")));
        assertThat(invalid(g1 + "\"type\":\"org.camaraproject.device-roaming-status-subscriptions.v0.roaming-on\","
                                   + "\"data\":{\"device\":{\"phoneNumber\":\"+3611111111\"}}}").problems(),
                   hasItem(new FieldProblem("data.subscriptionId", "missing")));
        assertThat(invalid(g1 + "\"type\":\"org.camaraproject.device-status.v0.connectivity-data\"}").problems(),
                   hasItem(new FieldProblem("data", "missing (required for connectivity-data)")));
        assertThat(invalid(g1 + "\"type\":\"org.camaraproject.device-status.v0.connectivity-data\","
                                   + "\"data\":{\"device\":{\"phoneNumber\":\"not a number\"}}}").problems().getFirst()
                           .field(), is("data.device"));
    }

    @Test
    void unknownTypesNeedOnlyTheEnvelope() {
        Notification n = parse("{\"id\":\"1\",\"source\":\"s\",\"specversion\":\"1.0\",\"time\":\"2024-06-01T10:00:00+02:00\","
                                       + "\"type\":\"com.example.something\"}");
        assertThat(n.change(), instanceOf(Notification.Unknown.class));
        assertThat(n.typeLabel(), is("unknown"));
        assertThat(n.time(), is(Instant.parse("2024-06-01T08:00:00Z")));
    }

    @Test
    void normalisesDeviceShapesAndTakesTheSubscriptionFromTheSource() {
        Notification n = parse("{\"id\":\"1\",\"source\":\"/device-status/v0/subscriptions/abc-1\",\"specversion\":\"1.0\","
                                       + "\"time\":\"2024-06-01T10:00:00Z\","
                                       + "\"type\":\"org.camaraproject.device-status.v0.connectivity-sms\","
                                       + "\"data\":{\"device\":{\"phoneNumber\":\"36 70 123 4567\","
                                       + "\"ipv4Address\":\"203.0.113.9\","
                                       + "\"ipv6Address\":\"2001:DB8::1\"}}}");
        assertThat(n.device().phoneNumber(), is("+36701234567"));
        assertThat(n.device().ipv4(), is(new Device.Ipv4("203.0.113.9", null, null)));
        assertThat(n.device().ipv6Address(), is("2001:db8::1"));
        assertThat(n.subscriptionId(), is("abc-1"));
        assertThat(n.typeLabel(), is("device-status.connectivity-sms"));
        assertThat(n.change(), is(new Notification.Connectivity(ConnectivityStatus.CONNECTED_SMS)));
    }

    @Test
    void roamingStatusOffClearsTheCountryAndAStringCountryNameIsAList() {
        String head = "{\"id\":\"1\",\"source\":\"s\",\"specversion\":\"1.0\",\"time\":\"2024-06-01T10:00:00Z\","
                + "\"type\":\"org.camaraproject.device-status.v0.roaming-status\","
                + "\"data\":{\"device\":{\"phoneNumber\":\"+3611111111\"},";
        assertThat(parse(head + "\"roaming\":false,\"countryCode\":262}}").change(),
                   is(new Notification.Roaming(false, true, null, List.of())));
        assertThat(parse(head + "\"roaming\":true,\"countryCode\":\"208\",\"countryName\":\"FR\"}}").change(),
                   is(new Notification.Roaming(true, true, 208, List.of("FR"))));
    }

    @Test
    void legacyBodyWithoutDeviceStatusIs400AndUnknownLegacyTypeIsAccepted() {
        assertThat(invalid("{\"eventSubscriptionId\":\"s\",\"event\":{\"eventType\":\"CONNECTIVITY\","
                                   + "\"eventTime\":\"2023-10-17T13:18:23.682Z\",\"eventDetail\":{}}}").problems(),
                   hasItem(new FieldProblem("event.eventDetail.deviceStatus", "missing")));
        Notification other = parse("{\"eventSubscriptionId\":\"s\",\"event\":{\"eventType\":\"SOMETHING_NEW\","
                                           + "\"eventTime\":\"2023-10-17T13:18:23.682Z\"}}");
        assertThat(other.change(), instanceOf(Notification.Unknown.class));
        assertThat(other.typeLabel(), is("legacy"));
        assertThat(other.device().key().isEmpty(), is(true));
    }

    @Test
    void bodyThatIsNotOneObjectIs400() {
        assertThat(invalid("[]").problems().getFirst(), is(new FieldProblem("body", "must be a JSON object")));
        assertThat(invalid("{\"id\":\"1\",\"id\":\"2\"}").problems().getFirst().field(), is("body"));
        assertThat(invalid("").error(), is("body is empty"));
    }

    @Test
    void deviceKeysAreMaskedForLogs() {
        io.nspsconnector.logging.Masking masked = io.nspsconnector.logging.Masking.of(true);
        assertThat(new DeviceKey(DeviceKey.Kind.PHONE_NUMBER, "+3670123456").masked(masked), is("********456"));
        assertThat(new DeviceKey(DeviceKey.Kind.NETWORK_ACCESS_IDENTIFIER, "sensor-042@example.net").masked(masked),
                   is("*******042@example.net"));
        assertThat(new DeviceKey(DeviceKey.Kind.IPV4, "203.0.113.10:59765").masked(masked), is("203.0.*.*"));
        assertThat(new DeviceKey(DeviceKey.Kind.IPV6, "2001:db8::1").masked(masked), is("2001:db8:*"));
        assertThat(new DeviceKey(DeviceKey.Kind.PHONE_NUMBER, "+3670123456")
                           .masked(io.nspsconnector.logging.Masking.of(false)), is("+3670123456"));
        assertThat(Device.phoneNumber(java.util.Optional.of("0")), nullValue());
    }

    private Notification parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private ConnectorError.InvalidNotification invalid(String json) {
        return assertThrows(ConnectorError.InvalidNotification.class, () -> parse(json));
    }
}
