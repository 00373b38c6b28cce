package io.nspsconnector.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.nspsconnector.nsps.Mappings;
import io.nspsconnector.nsps.Operation;
import io.nspsconnector.wtl.SubscriberStatus;
import io.nspsconnector.wtl.WtlAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MappingsLoaderTest {

    private static final Path SHIPPED = Path.of("config", "mappings.yaml");

    @TempDir
    Path dir;

    @Test
    void shippedMappingsCoverTheSimLifecycle() {
        Mappings m = new MappingsLoader(Map.of()).load(SHIPPED);

        assertThat(m.events().get("SIM/Updated"), is(List.of(Operation.onCurrentSim(WtlAction.UPDATE))));
        assertThat(m.events().get("SIM/Created"), is(List.of(Operation.onCurrentSim(WtlAction.INSERT))));
        assertThat(m.events().get("SIM/Deleted"), is(List.of(Operation.onCurrentSim(WtlAction.DELETE))));
        assertThat(m.events().get("SIM/Replaced"), is(List.of(
                new Operation(Operation.SimSource.PREV_SIM_INFO, WtlAction.UPDATE,
                              Optional.of(SubscriberStatus.OPERATOR_DETERMINED_BARRING), true),
                Operation.onCurrentSim(WtlAction.UPDATE))));
        assertThat(m.csProfile(), is(new Mappings.ProfileRule("cs_profile", "default")));
        assertThat(m.epsProfile(), is(new Mappings.ProfileRule("eps_profile", "default")));
        assertThat(m.imsiFilter().isPresent(), is(false));
        assertThat(m.msisdnSource(), is(Mappings.MsisdnSource.ACCOUNT_ID));
        assertThat(m.msisdnSuffix(), is("@msisdn"));
        assertThat(m.openBillStatuses(), hasItem("open"));
    }

    @Test
    void referenceEnvironmentVariablesOverrideTheFile() {
        Mappings m = new MappingsLoader(Map.of("WTL_DEFAULT_CS_PROFILE", "cs-barred",
                                               "WTL_DEFAULT_EPS_PROFILE", "ps-barred",
                                               "WTL_IMSI_REGEXP", "^00101"))
                .load(SHIPPED);

        assertThat(m.csProfile().fallback(), is("cs-barred"));
        assertThat(m.epsProfile().fallback(), is("ps-barred"));
        assertThat(m.imsiFilter().orElseThrow().pattern(), is("^00101"));
    }

    @Test
    void oneLineMappingGivesTheReferenceBehaviour() throws IOException {
        Mappings m = load("events:\n  SIM/Updated: update\n");

        assertThat(m.events().keySet(), is(java.util.Set.of("SIM/Updated")));
        assertThat(m.events().get("SIM/Updated"), is(List.of(Operation.onCurrentSim(WtlAction.UPDATE))));
    }

    @Test
    void reportsEveryProblemWithItsKey() throws IOException {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load("""
                events:
                  SIM/Updated: upsert
                  SIM/Replaced:
                    - source: old_sim
                      action: update
                    - action: update
                      colour: blue
                profiles:
                  cs_profile:
                    default: "2g,3g"
                imsi-filter: "([0-9"
                msisdn:
                  source: somewhere
                """));

        assertThat(e.problems(), hasSize(6));
        assertThat(e.getMessage(), containsString("events.SIM/Updated: unknown WTL action 'upsert'"));
        assertThat(e.getMessage(), containsString("events.SIM/Replaced[0]: unknown SIM source 'old_sim'"));
        assertThat(e.getMessage(), containsString("events.SIM/Replaced[1].colour: unknown key"));
        assertThat(e.getMessage(), containsString("profiles.cs_profile.default: '2g,3g' is not a valid WTL profile"));
        assertThat(e.getMessage(), containsString("imsi-filter: not a valid regular expression"));
        assertThat(e.getMessage(), containsString("msisdn.source: unknown MSISDN source 'somewhere'"));
    }

    @Test
    void missingFileNamesConfigDir() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> new MappingsLoader(Map.of()).load(dir.resolve("nope.yaml")));

        assertThat(e.getMessage(), containsString("CONFIG_DIR"));
    }

    @Test
    void brokenYamlIsReportedNotThrownRaw() throws IOException {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load("events: [unclosed\n"));

        assertThat(e.getMessage(), containsString("not valid YAML"));
    }

    private Mappings load(String yaml) throws IOException {
        Path file = dir.resolve("mappings.yaml");
        Files.writeString(file, yaml);
        return new MappingsLoader(Map.of()).load(file);
    }
}
