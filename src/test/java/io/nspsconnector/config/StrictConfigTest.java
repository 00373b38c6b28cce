package io.nspsconnector.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The strict reader: wrong types, out-of-range values, non-booleans and unknown keys are problems by key. */
class StrictConfigTest {

    private static final Path DIR = Path.of("config");

    // CHECKSTYLE.OFF: LineLength - one case per line reads as a table
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            connector:\\n  wtl:\\n    retry:\\n      attempts: three         | connector.wtl.retry.attempts: 'three' is not a whole number
            connector:\\n  max-body-size: big                           | connector.max-body-size: 'big' is not a whole number
            connector:\\n  wtl:\\n    circuit-breaker:\\n      enabled: flase  | connector.wtl.circuit-breaker.enabled: 'flase' is not a boolean (true or false)
            connector:\\n  wtl:\\n    circuit-breaker:\\n      enabled: maybe  | connector.wtl.circuit-breaker.enabled: 'maybe' is not a boolean (true or false)
            connector:\\n  wtl:\\n    retyr:\\n      attempts: 3             | connector.wtl.retyr: unknown key (did you mean connector.wtl.retry?)
            connector:\\n  wtl:\\n    retry:\\n      attempts: 11            | connector.wtl.retry.attempts: must be between 1 and 10 (is 11)
            connector:\\n  wtl:\\n    retry:\\n      jitter: lots            | connector.wtl.retry.jitter: 'lots' is not a number
            connector:\\n  wtl:\\n    retry:\\n      statuses: [502, x]      | connector.wtl.retry.statuses: 'x' is not a whole number
            connector:\\n  nac:\\n    max-devices:\\n      a: 1             | connector.nac.max-devices: must be a single value, not a map
            connector:\\n  inbound:\\n    max-connections: many            | connector.inbound.max-connections: 'many' is not a whole number
            connector:\\n  logging:\\n    acces-log: true                  | connector.logging.acces-log: unknown key (did you mean connector.logging.access-log?)
            server:\\n  port: eighty                                     | server.port: 'eighty' is not a whole number
            """)
    // CHECKSTYLE.ON: LineLength
    void aBadValueOrUnknownKeyIsAnErrorNamingTheKey(String yaml, String problem) {
        Config root = yaml(yaml.replace("\\n", "\n"));

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> ConnectorConfig.from(root, required(), DIR, false));

        assertThat(e.problems(), is(List.of(problem)));
        assertThat(ConnectorConfig.check(root, required(), DIR).stream().map(Problem::toString).toList(),
                   is(List.of(problem)));
        assertThat(e.details().getFirst().severity(), is(Problem.Severity.ERROR));
    }

    @Test
    void passThroughClientSettingsAndHelidonServerKeysStayFreeForm() {
        Config root = yaml("""
                server:
                  host: 0.0.0.0
                  anything-helidon-knows: 1
                connector:
                  wtl:
                    client:
                      proxy:
                        host: proxy.example
                      whatever: 2
                """);

        assertThat(ConnectorConfig.check(root, required(), DIR), is(empty()));
    }

    @Test
    void keysThatTheEnvironmentAddsAreNotReportedAsUnknown() {
        Map<String, String> env = required();
        env.put("CONNECTOR_PORT", "tcp://10.0.0.1:8000");
        Config root = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(Map.of("connector.port", "tcp://10.0.0.1:8000",
                                                       "connector.wtl.retyr", "3")))
                .build();

        assertThat(ConnectorConfig.check(root, env, DIR).stream().map(Problem::toString).toList(),
                   is(List.of("connector.wtl.retyr: unknown key (did you mean connector.wtl.retry?)")));
    }

    @Test
    void treatAsSuccessChecksItsActionsAndTheirKeys() {
        Config root = yaml("""
                connector:
                  wtl:
                    treat-as-success:
                      insert:
                        statuses: [409]
                        error-contain: ["already"]
                """);

        assertThat(ConnectorConfig.check(root, required(), DIR).stream().map(Problem::toString).toList(),
                   is(List.of("connector.wtl.treat-as-success.insert.error-contain: unknown key "
                                      + "(did you mean connector.wtl.treat-as-success.insert.error-contains?)")));
    }

    @Test
    void everyShippedKeyIsKnown() {
        Config shipped = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.file(DIR.resolve("application.yaml"))).build();
        List<String> keys = new ArrayList<>();
        shipped.get("connector").traverse().filter(n -> n.type() == Config.Type.VALUE)
                .forEach(n -> keys.add(n.key().toString().replaceAll("\\.\\d+$", "")));

        assertThat(ConnectorConfig.knownKeys(), hasItems(keys.toArray(String[]::new)));
        assertThat(ConnectorConfig.check(shipped, required(), DIR), is(empty()));
    }

    /**
     * Every key the connector reads, fed values of every wrong shape: nothing but a listed problem comes out, and
     * a map or list where a single value belongs is a problem naming the key.
     */
    @Test
    void wrongTypesForEveryKeyNeverThrow() {
        Set<String> known = ConnectorConfig.knownKeys();
        List<String> leaves = known.stream()
                .filter(k -> known.stream().noneMatch(o -> o.startsWith(k + ".")))
                .filter(k -> !k.equals("connector.wtl.client"))
                .toList();
        assertThat(leaves.size() > 50, is(true));
        List<String> values = List.of("three", "flase", "-1", "0", "99999999999999999999", "PT-1S", "''", "1.5",
                                      "[1, x]", "{a: 1}", "true");
        for (String key : leaves) {
            for (String value : values) {
                Config root = yaml(nested(key, value));
                for (Map<String, String> env : List.of(required(), Map.<String, String>of())) {
                    List<Problem> problems = ConnectorConfig.check(root, env, DIR);
                    try {
                        ConnectorConfig.from(root, env, DIR, false);
                    } catch (InvalidConfigException expected) {
                        assertThat(key + "=" + value, expected.problems().isEmpty(), is(false));
                    }
                    if (value.equals("{a: 1}")) {
                        assertThat(key + "=" + value, problems.stream().map(Problem::key).toList(),
                                   hasItem(startsWith(key)));
                    }
                }
            }
        }
    }

    @Test
    void unknownTopLevelMappingsKeyIsAnError() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new MappingsLoader(Map.of())
                .parse("events:\n  SIM/Updated: update\nimsi-filtr: \"^001\"\nprofiles:\n  cs_profil: {}\n"
                               .getBytes(java.nio.charset.StandardCharsets.UTF_8), "mappings.yaml"));

        assertThat(e.problems(), is(List.of("imsi-filtr: unknown key (did you mean imsi-filter?)",
                                            "profiles.cs_profil: unknown key (did you mean profiles.cs_profile?)")));
    }

    @Test
    void environmentBooleansAreStrictToo() {
        Map<String, String> env = required();
        env.put("NAC_ENABLED", "yes");

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> ConnectorConfig.from(yaml("{}"), env, DIR, false));

        assertThat(e.problems(), is(List.of("NAC_ENABLED: 'yes' is not a boolean (true or false)")));
    }

    private static String nested(String key, String value) {
        String[] parts = key.split("\\.");
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            yaml.append("  ".repeat(i)).append(parts[i]).append(':');
            yaml.append(i == parts.length - 1 ? " " + value : "").append('\n');
        }
        return yaml.toString();
    }

    private static Config yaml(String text) {
        return Config.just(ConfigSources.create(text, MediaTypes.APPLICATION_X_YAML));
    }

    private static Map<String, String> required() {
        return new HashMap<>(Map.of("API_TOKEN", "nsps-token",
                                    "WTL_API_URL", "http://wtl:3001/wtl/hlr/v1",
                                    "WTL_API_TOKEN", "wtl-token"));
    }
}
