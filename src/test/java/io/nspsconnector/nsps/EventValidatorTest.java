package io.nspsconnector.nsps;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.nspsconnector.errors.ConnectorError.InvalidEvent;
import io.nspsconnector.errors.FieldProblem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Schema checks of the fields the rules read; liberal about everything else. */
class EventValidatorTest {

    private final EventValidator validator = new EventValidator();

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"data\":{\"event_type\":\"T\"}}|event_id|missing",
            "{\"event_id\":7,\"data\":{\"event_type\":\"T\"}}|event_id|must be a string",
            "{\"event_id\":\"  \",\"data\":{\"event_type\":\"T\"}}|event_id|must not be blank",
            "{\"event_id\":\"e\"}|data|missing",
            "{\"event_id\":\"e\",\"data\":\"SIM/Updated\"}|data|must be an object",
            "{\"event_id\":\"e\",\"data\":{}}|data.event_type|missing",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":[\"T\"]}}|data.event_type|must be a string",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":[]}|pb_data|must be an object",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"account_info\":{\"blocked\":\"yes\"}}}"
                    + "|pb_data.account_info.blocked|must be a boolean",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"account_info\":{\"bill_status\":1}}}"
                    + "|pb_data.account_info.bill_status|must be a string",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"sim_info\":{\"imsi\":1010}}}"
                    + "|pb_data.sim_info.imsi|must be a string",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"prev_sim_info\":\"x\"}}"
                    + "|pb_data.prev_sim_info|must be an object",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"access_policy_info\":\"179\"}}"
                    + "|pb_data.access_policy_info|must be an object or a list of objects",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"access_policy_info\":{\"attributes\":{}}}}"
                    + "|pb_data.access_policy_info.attributes|must be a list",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"access_policy_info\":[{\"attributes\":"
                    + "[{\"name\":\"cs_profile\",\"value\":5}]}]}}"
                    + "|pb_data.access_policy_info[0].attributes[0].value|must be a string"})
    void namesTheField(String body, String field, String problem) {
        InvalidEvent e = assertThrows(InvalidEvent.class, () -> validate(body));

        assertThat(e.problems(), contains(new FieldProblem(field, problem)));
    }

    @Test
    void reportsSeveralProblemsTogether() {
        InvalidEvent e = assertThrows(InvalidEvent.class,
                                      () -> validate("{\"event_id\":1,\"data\":{},\"pb_data\":{\"sim_info\":{\"imsi\":2}}}"));

        assertThat(e.problems().stream().map(FieldProblem::field).toList(),
                   contains("event_id", "data.event_type", "pb_data.sim_info.imsi"));
        assertThat(e.error(), is("event_id must be a string (and 2 more)"));
    }

    @Test
    void ignoresOddTypesInFieldsTheRulesDoNotRead() {
        NspsEvent event = validate("{\"event_id\":\"e\",\"handler_id\":5,\"status\":[],\"data\":{\"event_type\":\"T\","
                                           + "\"variables\":[]},\"pb_data\":{\"product_info\":\"x\",\"account_info\":"
                                           + "{\"i_account\":\"one\",\"status\":{}},\"full_vd_counter_info\":7}}");

        assertThat(event.eventId(), is("e"));
        assertThat(event.account().orElseThrow().blocked(), is(false));
    }

    @Test
    void nullsCountAsAbsent() {
        NspsEvent event = validate("{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"account_info\":"
                                           + "{\"blocked\":null,\"bill_status\":null,\"id\":null},\"sim_info\":null,"
                                           + "\"access_policy_info\":null}}");

        assertThat(event.account().orElseThrow().blocked(), is(false));
        assertThat(event.account().orElseThrow().billStatus(), is(Optional.empty()));
        assertThat(event.sim(), is(Optional.empty()));
        assertThat(event.policies(), is(List.of()));
        assertThat(validate("{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":null}").sim(),
                   is(Optional.empty()));
    }

    @Test
    void acceptsAccessPolicyAsObjectOrListInOrder() {
        String attribute = "{\"attributes\":[{\"group_name\":\"g\",\"name\":\"cs_profile\",\"value\":\"%s\"}]}";
        NspsEvent object = validate(body(attribute.formatted("a")));
        NspsEvent list = validate(body("[" + attribute.formatted("a") + "," + attribute.formatted("b") + "]"));

        assertThat(object.policies().getFirst().attributes().getFirst().value(), is(Optional.of("a")));
        assertThat(list.policies().stream().map(p -> p.attributes().getFirst().value().orElseThrow()).toList(),
                   contains("a", "b"));
    }

    @Test
    void emptyEventTypeIsValid() {
        assertThat(validate("{\"event_id\":\"e\",\"data\":{\"event_type\":\"\"}}").eventType(), is(""));
    }

    private static String body(String policies) {
        return "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"access_policy_info\":" + policies + "}}";
    }

    private NspsEvent validate(String body) {
        return validator.validate(body.getBytes(StandardCharsets.UTF_8));
    }
}
