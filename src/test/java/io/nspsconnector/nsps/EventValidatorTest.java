package io.nspsconnector.nsps;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.nspsconnector.errors.ConnectorError.InvalidEvent;
import io.nspsconnector.errors.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
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

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"event_id\":", "not json", "[]", "[{\"event_id\":\"e\"}]", "\"text\"", "42",
            "null", "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"}} trailing"})
    void aBodyThatIsNotOneJsonObjectIsInvalidAndNamesTheBody(String body) {
        InvalidEvent e = assertThrows(InvalidEvent.class, () -> validate(body));

        assertThat(e.problems(), hasSize(1));
        assertThat(e.problems().getFirst().field(), is("body"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"event_id\":null,\"data\":{\"event_type\":\"T\"}}|event_id|missing",
            "{\"event_id\":true,\"data\":{\"event_type\":\"T\"}}|event_id|must be a string",
            "{\"event_id\":{},\"data\":{\"event_type\":\"T\"}}|event_id|must be a string",
            "{\"event_id\":\"\",\"data\":{\"event_type\":\"T\"}}|event_id|must not be blank",
            "{\"event_id\":\"e\",\"data\":null}|data|missing",
            "{\"event_id\":\"e\",\"data\":[]}|data|must be an object",
            "{\"event_id\":\"e\",\"data\":5}|data|must be an object",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":null}}|data.event_type|missing",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":5}}|data.event_type|must be a string",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":{}}}|data.event_type|must be a string",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":false}}|data.event_type|must be a string",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"account_info\":\"x\"}}"
                    + "|pb_data.account_info|must be an object",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"account_info\":{\"blocked\":0}}}"
                    + "|pb_data.account_info.blocked|must be a boolean",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"account_info\":{\"id\":79123456789}}}"
                    + "|pb_data.account_info.id|must be a string",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"sim_info\":[]}}"
                    + "|pb_data.sim_info|must be an object",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"sim_info\":{\"msisdn\":7}}}"
                    + "|pb_data.sim_info.msisdn|must be a string",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"prev_sim_info\":{\"imsi\":1}}}"
                    + "|pb_data.prev_sim_info.imsi|must be a string",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"access_policy_info\":5}}"
                    + "|pb_data.access_policy_info|must be an object or a list of objects",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"access_policy_info\":[{},\"x\"]}}"
                    + "|pb_data.access_policy_info[1]|must be an object",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"access_policy_info\":"
                    + "{\"attributes\":\"cs_profile\"}}}|pb_data.access_policy_info.attributes|must be a list",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"access_policy_info\":"
                    + "{\"attributes\":[\"cs_profile\"]}}}|pb_data.access_policy_info.attributes[0]|must be an object",
            "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"access_policy_info\":"
                    + "{\"attributes\":[{\"name\":1,\"value\":\"v\"}]}}}"
                    + "|pb_data.access_policy_info.attributes[0].name|must be a string"})
    void namesTheFieldOfEachFurtherMismatch(String body, String field, String problem) {
        InvalidEvent e = assertThrows(InvalidEvent.class, () -> validate(body));

        assertThat(e.problems(), contains(new FieldProblem(field, problem)));
        assertThat(e.error(), is(field + " " + problem));
    }

    @Test
    void reportsEveryMismatchInPbDataTogether() {
        InvalidEvent e = assertThrows(InvalidEvent.class, () -> validate(
                "{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":{\"account_info\":{\"blocked\":\"yes\","
                        + "\"bill_status\":2},\"sim_info\":{\"imsi\":1},\"access_policy_info\":\"p\"}}"));

        assertThat(e.problems().stream().map(FieldProblem::field).toList(),
                   containsInAnyOrder("pb_data.account_info.blocked", "pb_data.account_info.bill_status",
                                      "pb_data.sim_info.imsi", "pb_data.access_policy_info"));
        assertThat(e.error(), containsString("(and 3 more)"));
    }

    @Test
    void missingEventIdDataAndTypeAreReportedTogether() {
        InvalidEvent e = assertThrows(InvalidEvent.class, () -> validate("{\"handler_id\":\"wtl\"}"));

        assertThat(e.problems().stream().map(FieldProblem::field).toList(), contains("event_id", "data"));
    }

    @Test
    void readsTheFieldsTheRulesUse() {
        NspsEvent event = validator.validate(io.nspsconnector.testing.Fixtures.bytes("nsps/sim-updated.json"));

        assertThat(event.eventId(), is("3e84c79f-ab6f-4546-8e27-0b6ab866f1fb"));
        assertThat(event.eventType(), is("SIM/Updated"));
        assertThat(event.account().orElseThrow().billStatus(), is(Optional.of("open")));
        assertThat(event.account().orElseThrow().blocked(), is(false));
        assertThat(event.account().orElseThrow().id(), is(Optional.of("79123456789@msisdn")));
        assertThat(event.sim().orElseThrow().imsi(), is(Optional.of("001010000020349")));
        assertThat(event.prevSim(), is(Optional.empty()));
    }

    @Test
    void blockedTrueIsRead() {
        NspsEvent event = validate("{\"event_id\":\"e\",\"data\":{\"event_type\":\"T\"},\"pb_data\":"
                                           + "{\"account_info\":{\"blocked\":true}}}");

        assertThat(event.account().orElseThrow().blocked(), is(true));
    }

    @Test
    void ignoresOddTypesInFurtherUnreadFields() {
        NspsEvent event = validate("{\"event_id\":\"e\",\"handler_id\":5,\"updated_at\":[1],"
                                           + "\"data\":{\"event_type\":\"T\",\"variables\":\"v\",\"extra\":{}},"
                                           + "\"pb_data\":{\"product_info\":\"x\",\"unknown\":1,\"sim_info\":"
                                           + "{\"imsi\":\"001010000020349\",\"i_sim_card\":\"s\",\"status\":9},"
                                           + "\"access_policy_info\":{\"i_access_policy\":\"x\",\"name\":3,"
                                           + "\"attributes\":[{\"group_name\":7,\"name\":\"cs_profile\",\"value\":\"v\"}]},"
                                           + "\"account_info\":{\"assigned_addons\":\"none\",\"email\":false}}}");

        assertThat(event.sim().orElseThrow().imsi(), is(Optional.of("001010000020349")));
        assertThat(event.policies().getFirst().attributes().getFirst().value(), is(Optional.of("v")));
    }

    @Test
    void nullsInsideListsAndAttributesCountAsAbsent() {
        NspsEvent event = validate(body("[null,{\"attributes\":null},{\"attributes\":[null,{\"name\":null,"
                                                + "\"value\":\"x\"},{\"name\":\"cs_profile\",\"value\":null}]}]"));

        assertThat(event.policies(), hasSize(2));
        assertThat(event.policies().get(0).attributes(), is(List.of()));
        assertThat(event.policies().get(1).attributes(),
                   contains(new NspsEvent.Attribute("cs_profile", Optional.empty())));
    }

    @Test
    void noPbDataAtAllGivesAnEventWithoutAccountSimOrPolicies() {
        NspsEvent event = validate("{\"event_id\":\"e\",\"data\":{\"event_type\":\"SIM/Updated\"}}");

        assertThat(event.account(), is(Optional.empty()));
        assertThat(event.sim(), is(Optional.empty()));
        assertThat(event.prevSim(), is(Optional.empty()));
        assertThat(event.policies(), is(List.of()));
    }

    @Test
    void emptyAccessPolicyListGivesNoPolicies() {
        assertThat(validate(body("[]")).policies(), is(List.of()));
    }

    @Test
    void blankEventTypeIsKeptAsSent() {
        assertThat(validate("{\"event_id\":\"e\",\"data\":{\"event_type\":\"  \"}}").eventType(), is("  "));
    }

    @Test
    void ignoresANonStringCreatedAt() {
        NspsEvent event = validate("{\"event_id\":\"e\",\"created_at\":1741798050,\"data\":{\"event_type\":\"T\"}}");

        assertThat(event.eventId(), is("e"));
    }
}
