package io.nspsconnector.nsps;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.nspsconnector.config.MappingsLoader;
import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.wtl.SubscriberStatus;
import io.nspsconnector.wtl.WtlAction;
import io.nspsconnector.wtl.WtlRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The provisioning rules beyond the fixtures, one behaviour per test, on events built in code. */
class EventPlannerTest {

    private static final String SHIPPED = """
            events:
              SIM/Updated: update
              SIM/Replaced:
                - source: prev_sim_info
                  action: update
                  subscriber-status: operatorDeterminedBarring
                  msisdn: none
                - source: sim_info
                  action: update
            """;

    private final EventPlanner planner = new EventPlanner(Masking.of(true));

    @ParameterizedTest(name = "bill {0}, blocked {1} -> {2}, msisdn {3}")
    @CsvSource({
            "open, false, SERVICE_GRANTED, 79123456789",
            "open, null, SERVICE_GRANTED, 79123456789",
            "open, true, OPERATOR_DETERMINED_BARRING, 79123456789",
            "active, false, SERVICE_GRANTED, 79123456789",
            "suspended, false, OPERATOR_DETERMINED_BARRING, ''",
            "inactive, false, OPERATOR_DETERMINED_BARRING, ''",
            "terminated, true, OPERATOR_DETERMINED_BARRING, ''",
            "Open, false, OPERATOR_DETERMINED_BARRING, ''",
            "null, false, OPERATOR_DETERMINED_BARRING, ''"})
    void subscriberStatusAndMsisdnFollowBillStatusAndBlocked(String bill, String blocked, SubscriberStatus status,
                                                            String msisdn) {
        String account = "{" + (bill.equals("null") ? "" : "\"bill_status\":\"" + bill + "\",")
                + "\"blocked\":" + blocked + ",\"id\":\"79123456789@msisdn\"}";
        WtlRequest request = single(plan(SHIPPED, event("SIM/Updated", account, sim("001010000020349"), null, null)));

        assertThat(request.subscriberStatus(), is(status));
        assertThat(request.msisdn(), is(msisdn.isEmpty() ? List.of() : List.of(msisdn)));
    }

    @Test
    void msisdnCanComeFromTheSim() {
        String yaml = "events: {SIM/Updated: update}\nmsisdn: {source: sim_msisdn}\n";
        String sim = "{\"imsi\":\"001010000020349\",\"msisdn\":\"79990000999\"}";
        WtlRequest request = single(plan(yaml, event("SIM/Updated", openAccount(), sim, null, null)));

        assertThat(request.msisdn(), is(List.of("79990000999")));
    }

    @Test
    void emptyImsiIsIgnored() {
        Plan plan = plan(SHIPPED, event("SIM/Updated", openAccount(), sim(""), null, null));

        assertThat(((Plan.Ignore) plan).reason(), is("IMSI is empty or not provided"));
    }

    @Test
    void unmappedTypeIsIgnoredBeforeTheImsiIsLookedAt() {
        Plan plan = plan(SHIPPED, event("Account/Unblocked", openAccount(), sim("123"), null, null));

        assertThat(((Plan.Ignore) plan).reason(), is("No defined action for event type: Account/Unblocked"));
    }

    @Test
    void imsiFilterLooksForAMatchAnywhereUnlessAnchored() {
        String yaml = "events: {SIM/Updated: update}\nimsi-filter: \"0000203\"\n";
        assertThat(plan(yaml, event("SIM/Updated", openAccount(), sim("001010000020349"), null, null)),
                   instanceOf(Plan.Apply.class));

        String anchored = "events: {SIM/Updated: update}\nimsi-filter: \"^0000203\"\n";
        Plan ignored = plan(anchored, event("SIM/Updated", openAccount(), sim("001010000020349"), null, null));
        assertThat(((Plan.Ignore) ignored).reason(), is("IMSI 001010000020349 doesn't follow the regexp provided"));
        assertThat(((Plan.Ignore) ignored).logReason(), is("IMSI 00101*******349 doesn't follow the regexp provided"));
    }

    @Test
    void foreignImsiOfTheWrongLengthIsIgnoredNotInvalid() {
        String yaml = "events: {SIM/Updated: update}\nimsi-filter: \"^00101\"\n";

        assertThat(plan(yaml, event("SIM/Updated", openAccount(), sim("99999"), null, null)), instanceOf(Plan.Ignore.class));
        assertThrows(ConnectorError.InvalidEvent.class,
                     () -> plan(yaml, event("SIM/Updated", openAccount(), sim("00101"), null, null)));
    }

    @Test
    void firstMatchingAttributeAcrossPoliciesWins() {
        String policies = "[{\"attributes\":[{\"name\":\"other\",\"value\":\"x\"}]},"
                + "{\"attributes\":[{\"name\":\"cs_profile\",\"value\":\"cs-second\"}]},"
                + "{\"attributes\":[{\"name\":\"cs_profile\",\"value\":\"cs-third\"},"
                + "{\"name\":\"eps_profile\",\"value\":\"eps-third\"}]}]";
        WtlRequest request = single(plan(SHIPPED, event("SIM/Updated", openAccount(), sim("001010000020349"), null,
                                                        policies)));

        assertThat(request.csProfile(), is("cs-second"));
        assertThat(request.epsProfile(), is("eps-third"));
    }

    @Test
    void emptyProfileValueFallsBackToTheDefault() {
        String policy = "{\"attributes\":[{\"name\":\"cs_profile\",\"value\":\"\"},{\"name\":\"eps_profile\"}]}";
        String yaml = SHIPPED + "profiles:\n  cs_profile: {default: cs-barred}\n  eps_profile: {default: ps-barred}\n";
        WtlRequest request = single(plan(yaml, event("SIM/Updated", openAccount(), sim("001010000020349"), null, policy)));

        assertThat(request.csProfile(), is("cs-barred"));
        assertThat(request.epsProfile(), is("ps-barred"));
    }

    @Test
    void profileAttributeNamesComeFromTheMappings() {
        String yaml = "events: {SIM/Updated: update}\nprofiles:\n  cs_profile: {attribute: lte_cs}\n";
        String policy = "{\"attributes\":[{\"name\":\"lte_cs\",\"value\":\"cs-custom\"},"
                + "{\"name\":\"cs_profile\",\"value\":\"cs-ignored\"}]}";
        WtlRequest request = single(plan(yaml, event("SIM/Updated", openAccount(), sim("001010000020349"), null, policy)));

        assertThat(request.csProfile(), is("cs-custom"));
    }

    @Test
    void invalidEpsProfileNamesTheAttribute() {
        String policy = "{\"attributes\":[{\"name\":\"eps_profile\",\"value\":\"4g profile\"}]}";
        ConnectorError.InvalidEvent e = assertThrows(ConnectorError.InvalidEvent.class, () -> plan(
                SHIPPED, event("SIM/Updated", openAccount(), sim("001010000020349"), null, policy)));

        assertThat(e.error(), is("eps_profile must match ^[a-zA-Z][-_.a-zA-Z0-9]*$"));
        assertThat(e.problems().getFirst().field(), is("pb_data.access_policy_info.attributes[name=eps_profile].value"));
    }

    @Test
    void replacementWithoutAPreviousSimOnlyUpdatesTheNewOne() {
        Plan.Apply apply = (Plan.Apply) plan(SHIPPED, event("SIM/Replaced", openAccount(), sim("001010000020352"),
                                                            null, null));

        assertThat(apply.requests(), hasSize(1));
        assertThat(apply.requests().getFirst().imsi(), is("001010000020352"));
        assertThat(apply.requests().getFirst().subscriberStatus(), is(SubscriberStatus.SERVICE_GRANTED));
    }

    @Test
    void replacementWithTheSameImsiTwiceSendsOneUpdate() {
        Plan.Apply apply = (Plan.Apply) plan(SHIPPED, event("SIM/Replaced", openAccount(), sim("001010000020352"),
                                                            sim("001010000020352"), null));

        assertThat(apply.requests(), hasSize(1));
        assertThat(apply.requests().getFirst().subscriberStatus(), is(SubscriberStatus.SERVICE_GRANTED));
    }

    @Test
    void replacementSkipsAPreviousSimOutsideTheFilter() {
        String yaml = SHIPPED + "imsi-filter: \"^0010100000203\"\n";
        Plan.Apply apply = (Plan.Apply) plan(yaml, event("SIM/Replaced", openAccount(), sim("001010000020352"),
                                                         sim("999990000020298"), null));

        assertThat(apply.requests().stream().map(WtlRequest::imsi).toList(), contains("001010000020352"));
    }

    @Test
    void replacementWithNeitherSimIsIgnored() {
        Plan plan = plan(SHIPPED, event("SIM/Replaced", openAccount(), null, null, null));

        assertThat(((Plan.Ignore) plan).reason(), is("IMSI is empty or not provided"));
    }

    @Test
    void replacementBarsThePreviousSimWithoutNumberThenGrantsTheNewOne() {
        Plan.Apply apply = (Plan.Apply) plan(SHIPPED, event("SIM/Replaced", openAccount(), sim("001010000020352"),
                                                            sim("001010000020298"), null));

        WtlRequest bar = apply.requests().get(0);
        WtlRequest grant = apply.requests().get(1);
        assertThat(bar.imsi(), is("001010000020298"));
        assertThat(bar.subscriberStatus(), is(SubscriberStatus.OPERATOR_DETERMINED_BARRING));
        assertThat(bar.msisdn(), is(List.of()));
        assertThat(grant.imsi(), is("001010000020352"));
        assertThat(grant.msisdn(), is(List.of("79123456789")));
        assertThat(grant.action(), is(WtlAction.UPDATE));
    }

    @Test
    void anInvalidSecondImsiStopsTheWholeEventBeforeAnyRequest() {
        String yaml = "events:\n  SIM/Replaced:\n    - {source: sim_info, action: update}\n"
                + "    - {source: prev_sim_info, action: delete}\n";

        assertThrows(ConnectorError.InvalidEvent.class, () -> plan(
                yaml, event("SIM/Replaced", openAccount(), sim("001010000020352"), sim("0010100"), null)));
    }

    private static WtlRequest single(Plan plan) {
        assertThat(plan, instanceOf(Plan.Apply.class));
        List<WtlRequest> requests = ((Plan.Apply) plan).requests();
        assertThat(requests, hasSize(1));
        return requests.getFirst();
    }

    private Plan plan(String mappingsYaml, String eventJson) {
        Mappings mappings = new MappingsLoader(Map.of())
                .read(Config.just(ConfigSources.create(mappingsYaml, io.helidon.common.media.type.MediaTypes.APPLICATION_X_YAML)),
                      "test");
        NspsEvent event = new EventValidator().validate(eventJson.getBytes(StandardCharsets.UTF_8));
        return planner.plan(event, mappings);
    }

    private static String openAccount() {
        return "{\"bill_status\":\"open\",\"blocked\":false,\"id\":\"79123456789@msisdn\"}";
    }

    private static String sim(String imsi) {
        return "{\"imsi\":\"" + imsi + "\"}";
    }

    private static String event(String type, String account, String sim, String prevSim, String policies) {
        StringBuilder pb = new StringBuilder("{\"account_info\":").append(account);
        if (sim != null) {
            pb.append(",\"sim_info\":").append(sim);
        }
        if (prevSim != null) {
            pb.append(",\"prev_sim_info\":").append(prevSim);
        }
        if (policies != null) {
            pb.append(",\"access_policy_info\":").append(policies);
        }
        pb.append('}');
        return "{\"event_id\":\"e-1\",\"data\":{\"event_type\":\"" + type + "\"},\"pb_data\":" + pb + "}";
    }

    @ParameterizedTest(name = "id {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "79123456789@msisdn|79123456789",
            "79123456789@msisdn@msisdn|79123456789",
            "79123456789@msisdn.example|79123456789",
            "7@msisdn|7"})
    void msisdnIsTheAccountIdUpToTheFirstSuffix(String id, String msisdn) {
        WtlRequest request = single(plan(SHIPPED, event("SIM/Updated", account("open", false, id),
                                                        sim("001010000020349"), null, null)));

        assertThat(request.msisdn(), is(List.of(msisdn)));
    }

    @ParameterizedTest(name = "id {0}")
    @ValueSource(strings = {"8988211000000123456", "@msisdn", "@msisdn79123456789", "79123456789@MSISDN", ""})
    void openAccountWithoutANumberBeforeTheSuffixSendsNoMsisdn(String id) {
        WtlRequest request = single(plan(SHIPPED, event("SIM/Updated", account("open", false, id),
                                                        sim("001010000020349"), null, null)));

        assertThat(request.msisdn(), is(List.of()));
        assertThat(request.subscriberStatus(), is(SubscriberStatus.SERVICE_GRANTED));
    }

    @Test
    void openAccountWithoutAnIdSendsNoMsisdn() {
        WtlRequest request = single(plan(SHIPPED, event("SIM/Updated", "{\"bill_status\":\"open\"}",
                                                        sim("001010000020349"), null, null)));

        assertThat(request.msisdn(), is(List.of()));
        assertThat(request.subscriberStatus(), is(SubscriberStatus.SERVICE_GRANTED));
    }

    @Test
    void accountThatIsNotOpenSendsNoMsisdnEvenWithASuffixedId() {
        WtlRequest request = single(plan(SHIPPED, event("SIM/Updated", account("suspended", false, "79123456789@msisdn"),
                                                        sim("001010000020349"), null, null)));

        assertThat(request.msisdn(), is(List.of()));
    }

    @Test
    void eventWithoutAccountInfoIsBarredWithoutMsisdn() {
        Plan plan = planner.plan(validate("{\"event_id\":\"e\",\"data\":{\"event_type\":\"SIM/Updated\"},"
                                                  + "\"pb_data\":{\"sim_info\":{\"imsi\":\"001010000020349\"}}}"),
                                 mappings(SHIPPED));

        WtlRequest request = single(plan);
        assertThat(request.subscriberStatus(), is(SubscriberStatus.OPERATOR_DETERMINED_BARRING));
        assertThat(request.msisdn(), is(List.of()));
        assertThat(request.csProfile(), is("default"));
    }

    @Test
    void msisdnSuffixComesFromTheMappings() {
        String yaml = "events: {SIM/Updated: update}\nmsisdn: {account-id-suffix: \"#tel\"}\n";

        assertThat(single(plan(yaml, event("SIM/Updated", account("open", false, "79123456789#tel"),
                                           sim("001010000020349"), null, null))).msisdn(),
                   is(List.of("79123456789")));
        assertThat(single(plan(yaml, event("SIM/Updated", account("open", false, "79123456789@msisdn"),
                                           sim("001010000020349"), null, null))).msisdn(),
                   is(List.of()));
    }

    @Test
    void openBillStatusesComeFromTheMappings() {
        String yaml = "events: {SIM/Updated: update}\nopen-bill-statuses: [open]\n";

        WtlRequest active = single(plan(yaml, event("SIM/Updated", account("active", false, "79123456789@msisdn"),
                                                    sim("001010000020349"), null, null)));

        assertThat(active.subscriberStatus(), is(SubscriberStatus.OPERATOR_DETERMINED_BARRING));
        assertThat(active.msisdn(), is(List.of()));
    }

    @Test
    void simMsisdnSourceSendsNothingWhenTheAccountIsNotOpen() {
        String yaml = "events: {SIM/Updated: update}\nmsisdn: {source: sim_msisdn}\n";
        String sim = "{\"imsi\":\"001010000020349\",\"msisdn\":\"79990000999\"}";

        WtlRequest request = single(plan(yaml, event("SIM/Updated", account("suspended", false, "79123456789@msisdn"),
                                                     sim, null, null)));

        assertThat(request.msisdn(), is(List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"imsi\":\"001010000020349\"}", "{\"imsi\":\"001010000020349\",\"msisdn\":\"\"}",
            "{\"imsi\":\"001010000020349\",\"msisdn\":null}"})
    void simMsisdnSourceWithoutASimNumberSendsNoneAndIgnoresTheAccountId(String sim) {
        String yaml = "events: {SIM/Updated: update}\nmsisdn: {source: sim_msisdn}\n";

        WtlRequest request = single(plan(yaml, event("SIM/Updated", openAccount(), sim, null, null)));

        assertThat(request.msisdn(), is(List.of()));
    }

    @Test
    void simMsisdnSourceTakesTheNumberOfTheSimEachOperationTargets() {
        String yaml = "events:\n  SIM/Replaced:\n    - {source: prev_sim_info, action: delete}\n"
                + "    - {source: sim_info, action: insert}\nmsisdn: {source: sim_msisdn}\n";
        Plan.Apply apply = (Plan.Apply) plan(yaml, event(
                "SIM/Replaced", openAccount(), "{\"imsi\":\"001010000020352\",\"msisdn\":\"79990000103\"}",
                "{\"imsi\":\"001010000020298\",\"msisdn\":\"79990000098\"}", null));

        assertThat(apply.requests().get(0).msisdn(), is(List.of("79990000098")));
        assertThat(apply.requests().get(0).action(), is(WtlAction.DELETE));
        assertThat(apply.requests().get(1).msisdn(), is(List.of("79990000103")));
        assertThat(apply.requests().get(1).action(), is(WtlAction.INSERT));
    }

    @Test
    void missingSimOrImsiIsIgnored() {
        Plan noSim = plan(SHIPPED, event("SIM/Updated", openAccount(), null, null, null));
        Plan nullImsi = plan(SHIPPED, event("SIM/Updated", openAccount(), "{\"imsi\":null}", null, null));
        Plan noPbData = planner.plan(validate("{\"event_id\":\"e\",\"data\":{\"event_type\":\"SIM/Updated\"}}"),
                                     mappings(SHIPPED));

        for (Plan plan : List.of(noSim, nullImsi, noPbData)) {
            assertThat(plan, is(new Plan.Ignore("IMSI is empty or not provided", "IMSI is empty or not provided")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sim/updated", "SIM/Updated ", "", "SIM/Activated"})
    void eventTypeMustMatchExactly(String type) {
        Plan plan = plan(SHIPPED, event(type, openAccount(), sim("001010000020349"), null, null));

        assertThat(((Plan.Ignore) plan).reason(), is("No defined action for event type: " + type));
    }

    @Test
    void noMappedTypesIgnoresEverything() {
        Plan plan = plan("events: {}\n", event("SIM/Updated", openAccount(), sim("001010000020349"), null, null));

        assertThat(((Plan.Ignore) plan).reason(), is("No defined action for event type: SIM/Updated"));
    }

    @Test
    void unmappedTypeIsIgnoredEvenWithoutAnyImsi() {
        Plan plan = plan(SHIPPED, event("SIM/Deleted", openAccount(), null, null, null));

        assertThat(((Plan.Ignore) plan).reason(), is("No defined action for event type: SIM/Deleted"));
    }

    @Test
    void imsiFilterPatternIsSearchedNotMatchedWhole() {
        Mappings mappings = mappings(Pattern.compile("0000203"));

        Plan plan = planner.plan(validate(event("SIM/Updated", openAccount(), sim("001010000020349"), null, null)),
                                 mappings);

        assertThat(single(plan).imsi(), is("001010000020349"));
    }

    @Test
    void imsiFilterIgnoresAnImsiWithoutAMatch() {
        Plan plan = planner.plan(validate(event("SIM/Updated", openAccount(), sim("001019999900001"), null, null)),
                                 mappings(Pattern.compile("0000203")));

        assertThat(plan, is(new Plan.Ignore("IMSI 001019999900001 doesn't follow the regexp provided",
                                            "IMSI 00101*******001 doesn't follow the regexp provided")));
    }

    @Test
    void withoutMaskingTheIgnoreLogReasonShowsTheImsi() {
        Plan plan = new EventPlanner(Masking.of(false)).plan(
                validate(event("SIM/Updated", openAccount(), sim("001019999900001"), null, null)),
                mappings(Pattern.compile("^00101000")));

        assertThat(((Plan.Ignore) plan).logReason(), is("IMSI 001019999900001 doesn't follow the regexp provided"));
    }

    @Test
    void imsiOfTheWrongFormatOutsideAnAnchoredFilterIsIgnoredNotInvalid() {
        String yaml = "events: {SIM/Updated: update}\nimsi-filter: \"^00101000002[0-9]{4}$\"\n";

        Plan plan = plan(yaml, event("SIM/Updated", openAccount(), sim("00101000002034"), null, null));

        assertThat(((Plan.Ignore) plan).reason(), is("IMSI 00101000002034 doesn't follow the regexp provided"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00101000002034", "0010100000203491", "00101000002034a", " 001010000020349"})
    void imsiThatPassesTheFilterButIsNotFifteenDigitsIsInvalid(String imsi) {
        ConnectorError.InvalidEvent e = assertThrows(ConnectorError.InvalidEvent.class, () -> plan(
                SHIPPED, event("SIM/Updated", openAccount(), sim(imsi), null, null)));

        assertThat(e.error(), is("IMSI must be 15 digits"));
        assertThat(e.problems().getFirst().field(), is("pb_data.sim_info.imsi"));
    }

    @Test
    void invalidPreviousImsiNamesThePreviousSim() {
        ConnectorError.InvalidEvent e = assertThrows(ConnectorError.InvalidEvent.class, () -> plan(
                SHIPPED, event("SIM/Replaced", openAccount(), sim("001010000020352"), sim("0010100"), null)));

        assertThat(e.problems().getFirst().field(), is("pb_data.prev_sim_info.imsi"));
    }

    @Test
    void commaSeparatedProfileValueIsInvalidAndNamesCsProfile() {
        String policy = "{\"attributes\":[{\"name\":\"cs_profile\",\"value\":\"cs-a,cs-b\"}]}";

        ConnectorError.InvalidEvent e = assertThrows(ConnectorError.InvalidEvent.class, () -> plan(
                SHIPPED, event("SIM/Updated", openAccount(), sim("001010000020349"), null, policy)));

        assertThat(e.error(), is("cs_profile must match ^[a-zA-Z][-_.a-zA-Z0-9]*$"));
        assertThat(e.problems().getFirst().field(), is("pb_data.access_policy_info.attributes[name=cs_profile].value"));
        assertThat(e.problems().getFirst().problem(), containsString("'cs-a,cs-b'"));
    }

    @Test
    void invalidValueOfACustomAttributeNamesThatAttribute() {
        String yaml = "events: {SIM/Updated: update}\nprofiles:\n  cs_profile: {attribute: lte_cs}\n";
        String policy = "{\"attributes\":[{\"name\":\"lte_cs\",\"value\":\"1cs\"}]}";

        ConnectorError.InvalidEvent e = assertThrows(ConnectorError.InvalidEvent.class, () -> plan(
                yaml, event("SIM/Updated", openAccount(), sim("001010000020349"), null, policy)));

        assertThat(e.problems().getFirst().field(), is("pb_data.access_policy_info.attributes[name=lte_cs].value"));
    }

    @Test
    void firstAttributeWithTheNameDecidesEvenWhenItsValueIsEmpty() {
        String policies = "[{\"attributes\":[{\"name\":\"cs_profile\",\"value\":\"\"}]},"
                + "{\"attributes\":[{\"name\":\"cs_profile\",\"value\":\"cs-later\"}]}]";

        WtlRequest request = single(plan(SHIPPED, event("SIM/Updated", openAccount(), sim("001010000020349"), null,
                                                        policies)));

        assertThat(request.csProfile(), is("default"));
    }

    @Test
    void profileAttributeWithoutAValueFallsBackToTheDefault() {
        String policy = "{\"attributes\":[{\"name\":\"cs_profile\",\"value\":null},{\"name\":\"eps_profile\","
                + "\"value\":\"eps-x\"}]}";

        WtlRequest request = single(plan(SHIPPED, event("SIM/Updated", openAccount(), sim("001010000020349"), null,
                                                        policy)));

        assertThat(request.csProfile(), is("default"));
        assertThat(request.epsProfile(), is("eps-x"));
    }

    @Test
    void attributeNamesMatchExactlyAndGroupNameIsIgnored() {
        String policy = "{\"attributes\":[{\"group_name\":\"other\",\"name\":\"CS_PROFILE\",\"value\":\"cs-upper\"},"
                + "{\"group_name\":\"any\",\"name\":\"cs_profile\",\"value\":\"cs-exact\"}]}";

        WtlRequest request = single(plan(SHIPPED, event("SIM/Updated", openAccount(), sim("001010000020349"), null,
                                                        policy)));

        assertThat(request.csProfile(), is("cs-exact"));
    }

    @Test
    void everyRequestOfAnEventCarriesTheSameProfiles() {
        String policy = "{\"attributes\":[{\"name\":\"cs_profile\",\"value\":\"cs-x\"},"
                + "{\"name\":\"eps_profile\",\"value\":\"eps-x\"}]}";
        Plan.Apply apply = (Plan.Apply) plan(SHIPPED, event("SIM/Replaced", openAccount(), sim("001010000020352"),
                                                            sim("001010000020298"), policy));

        assertThat(apply.requests().stream().map(WtlRequest::csProfile).toList(), contains("cs-x", "cs-x"));
        assertThat(apply.requests().stream().map(WtlRequest::epsProfile).toList(), contains("eps-x", "eps-x"));
    }

    @Test
    void operationOverridesApplyToAPlainEventType() {
        String yaml = "events:\n  SIM/Updated:\n    - {action: update, subscriber-status: operatorDeterminedBarring, "
                + "msisdn: none}\n";

        WtlRequest request = single(plan(yaml, event("SIM/Updated", openAccount(), sim("001010000020349"), null,
                                                     null)));

        assertThat(request.subscriberStatus(), is(SubscriberStatus.OPERATOR_DETERMINED_BARRING));
        assertThat(request.msisdn(), is(List.of()));
        assertThat(request.imsi(), is("001010000020349"));
    }

    @Test
    void grantingOverrideKeepsTheMsisdnRuleOfTheAccount() {
        String yaml = "events:\n  SIM/Updated:\n    - {action: update, subscriber-status: serviceGranted}\n";

        WtlRequest request = single(plan(yaml, event("SIM/Updated", account("suspended", true, "79123456789@msisdn"),
                                                     sim("001010000020349"), null, null)));

        assertThat(request.subscriberStatus(), is(SubscriberStatus.SERVICE_GRANTED));
        assertThat(request.msisdn(), is(List.of()));
    }

    @Test
    void replacementWithAnEmptyPreviousImsiUpdatesOnlyTheNewSim() {
        Plan.Apply apply = (Plan.Apply) plan(SHIPPED, event("SIM/Replaced", openAccount(), sim("001010000020352"),
                                                            sim(""), null));

        assertThat(apply.requests().stream().map(WtlRequest::imsi).toList(), contains("001010000020352"));
        assertThat(apply.requests().getFirst().subscriberStatus(), is(SubscriberStatus.SERVICE_GRANTED));
    }

    @Test
    void replacementWithoutANewSimStillBarsThePreviousOne() {
        Plan.Apply apply = (Plan.Apply) plan(SHIPPED, event("SIM/Replaced", openAccount(), null,
                                                            sim("001010000020298"), null));

        assertThat(apply.requests(), hasSize(1));
        assertThat(apply.requests().getFirst().imsi(), is("001010000020298"));
        assertThat(apply.requests().getFirst().subscriberStatus(), is(SubscriberStatus.OPERATOR_DETERMINED_BARRING));
    }

    @Test
    void replacementWithBothSimsOutsideTheFilterIsIgnoredNamingTheFirst() {
        String yaml = SHIPPED + "imsi-filter: \"^00101\"\n";

        Plan plan = plan(yaml, event("SIM/Replaced", openAccount(), sim("999990000020352"), sim("999990000020298"),
                                     null));

        assertThat(((Plan.Ignore) plan).reason(), is("IMSI 999990000020298 doesn't follow the regexp provided"));
    }

    @Test
    void replacementWithTheNewSimOutsideTheFilterOnlyBarsThePreviousOne() {
        String yaml = SHIPPED + "imsi-filter: \"^00101\"\n";

        Plan.Apply apply = (Plan.Apply) plan(yaml, event("SIM/Replaced", openAccount(), sim("999990000020352"),
                                                         sim("001010000020298"), null));

        assertThat(apply.requests().stream().map(WtlRequest::imsi).toList(), contains("001010000020298"));
    }

    @Test
    void mappingsBuiltDirectlyWork() {
        Mappings mappings = new Mappings(Map.of("X/Y", List.of(Operation.onCurrentSim(WtlAction.SET))),
                                         new Mappings.ProfileRule("a", "cs-d"), new Mappings.ProfileRule("b", "eps-d"),
                                         Optional.empty(), Mappings.MsisdnSource.ACCOUNT_ID, "@msisdn", Set.of("open"));

        WtlRequest request = single(planner.plan(validate(event("X/Y", openAccount(), sim("001010000020349"), null,
                                                                "{\"attributes\":[{\"name\":\"a\",\"value\":\"cs-a\"}]}")),
                                                 mappings));

        assertThat(request.action(), is(WtlAction.SET));
        assertThat(request.csProfile(), is("cs-a"));
        assertThat(request.epsProfile(), is("eps-d"));
        assertThat(request.msisdn(), is(List.of("79123456789")));
    }

    private static Mappings mappings(String yaml) {
        return new MappingsLoader(Map.of())
                .read(Config.just(ConfigSources.create(yaml, io.helidon.common.media.type.MediaTypes.APPLICATION_X_YAML)),
                      "test");
    }

    private static Mappings mappings(Pattern imsiFilter) {
        return new Mappings(Map.of("SIM/Updated", List.of(Operation.onCurrentSim(WtlAction.UPDATE))),
                            new Mappings.ProfileRule("cs_profile", "default"),
                            new Mappings.ProfileRule("eps_profile", "default"),
                            Optional.of(imsiFilter), Mappings.MsisdnSource.ACCOUNT_ID, "@msisdn", Set.of("open", "active"));
    }

    private static NspsEvent validate(String json) {
        return new EventValidator().validate(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String account(String billStatus, boolean blocked, String id) {
        return "{\"bill_status\":\"" + billStatus + "\",\"blocked\":" + blocked + ",\"id\":\"" + id + "\"}";
    }
}
