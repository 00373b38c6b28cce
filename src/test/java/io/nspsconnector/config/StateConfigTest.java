package io.nspsconnector.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.nspsconnector.state.StateSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code connector.state} and the {@code STATE_*} variables: memory by default, postgres only when complete. */
class StateConfigTest {

    private static final String URL = "jdbc:postgresql://db:5432/app";

    @Test
    void theShippedFileKeepsTheMemoryStoreWithItsDefaults() {
        StateSettings state = read(Map.of(), Map.of()).state();

        assertThat(state.store(), is(StateSettings.Store.MEMORY));
        assertThat(state.postgres().poolSize(), is(10));
        assertThat(state.postgres().connectTimeout(), is(Duration.ofSeconds(2)));
        assertThat(state.postgres().statementTimeout(), is(Duration.ofSeconds(2)));
        assertThat(state.postgres().retention(), is(Duration.ofDays(35)));
        assertThat(state.postgres().migrate(), is(true));
    }

    @Test
    void theVariablesChooseAndDescribeThePostgresStore() {
        StateSettings state = read(Map.of("STATE_STORE", "postgres", "STATE_POSTGRES_URL", URL,
                                          "STATE_POSTGRES_USER", "app", "STATE_POSTGRES_PASSWORD", "pw-from-env"),
                                   Map.of()).state();

        assertThat(state.store(), is(StateSettings.Store.POSTGRES));
        assertThat(state.postgres().url(), is(URL));
        assertThat(state.postgres().user(), is("app"));
        assertThat(state.postgres().password(), is(Optional.of("pw-from-env")));
    }

    @Test
    void theKeysDescribeThePostgresStore() {
        StateSettings state = read(Map.of(), Map.of("connector.state.store", "postgres",
                                                    "connector.state.postgres.url", URL,
                                                    "connector.state.postgres.pool-size", "3",
                                                    "connector.state.postgres.statement-timeout", "PT0.5S",
                                                    "connector.state.postgres.retention", "P40D",
                                                    "connector.state.postgres.migrate", "false")).state();

        assertThat(state.store(), is(StateSettings.Store.POSTGRES));
        assertThat(state.postgres().poolSize(), is(3));
        assertThat(state.postgres().statementTimeout(), is(Duration.ofMillis(500)));
        assertThat(state.postgres().retention(), is(Duration.ofDays(40)));
        assertThat(state.postgres().migrate(), is(false));
    }

    @Test
    void postgresWithoutAUrlRefusesToStartAndIsANoteForTheFilesAlone() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> read(Map.of("STATE_STORE", "postgres"), Map.of()));

        assertThat(e.problems().stream().anyMatch(p -> p.startsWith("STATE_POSTGRES_URL: missing")), is(true));
        List<Problem> checked = ConnectorConfig.check(root(Map.of("connector.state.store", "postgres")), baseEnv(),
                                                      Path.of("config"));
        assertThat(checked.stream().filter(p -> p.key().equals("STATE_POSTGRES_URL")).map(Problem::severity).toList(),
                   is(List.of(Problem.Severity.NOTE)));
    }

    @Test
    void badValuesAreErrorsNamingTheKey() {
        assertThat(problems(Map.of("STATE_STORE", "redis"), Map.of()),
                   hasItem("STATE_STORE: 'redis' is not a store (memory or postgres)"));
        assertThat(problems(Map.of(), Map.of("connector.state.store", "Redis")),
                   hasItem("connector.state.store: 'Redis' is not a store (memory or postgres)"));
        assertThat(problems(Map.of("STATE_STORE", "postgres", "STATE_POSTGRES_URL", "postgres://db/app"), Map.of()),
                   hasItem("STATE_POSTGRES_URL: must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)"));
        assertThat(problems(Map.of(), Map.of("connector.state.postgres.pool-size", "0")),
                   hasItem("connector.state.postgres.pool-size: must be between 1 and 1000 (is 0)"));
        assertThat(problems(Map.of(), Map.of("connector.state.postgres.retention", "PT10M")),
                   hasItem("connector.state.postgres.retention: must be at least PT1H (NSPS re-delivers for about "
                                   + "a month: P35D)"));
        assertThat(problems(Map.of(), Map.of("connector.state.postgres.migrate", "yes")),
                   hasItem("connector.state.postgres.migrate: 'yes' is not a boolean (true or false)"));
        assertThat(problems(Map.of(), Map.of("connector.state.postgres.pool-sise", "3")),
                   hasItem("connector.state.postgres.pool-sise: unknown key (did you mean "
                                   + "connector.state.postgres.pool-size?)"));
    }

    @Test
    void theCleanupRunsEveryTenMinutesByDefaultAndItsKeysAreRangeChecked() {
        assertThat(read(Map.of(), Map.of()).state().cleanup(), is(StateSettings.Cleanup.DEFAULT));
        assertThat(StateSettings.Cleanup.DEFAULT.interval(), is(Duration.ofMinutes(10)));
        StateSettings.Cleanup set = read(Map.of(), Map.of("connector.state.postgres.cleanup-interval", "PT1H",
                                                          "connector.state.postgres.cleanup-batch-size", "200"))
                .state().cleanup();
        assertThat(set.interval(), is(Duration.ofHours(1)));
        assertThat(set.batchSize(), is(200));

        assertThat(problems(Map.of(), Map.of("connector.state.postgres.cleanup-interval", "PT1S")),
                   hasItem("connector.state.postgres.cleanup-interval: must be between PT10S and P1D"));
        assertThat(problems(Map.of(), Map.of("connector.state.postgres.cleanup-interval", "P2D")),
                   hasItem("connector.state.postgres.cleanup-interval: must be between PT10S and P1D"));
        assertThat(problems(Map.of(), Map.of("connector.state.postgres.cleanup-batch-size", "0")),
                   hasItem("connector.state.postgres.cleanup-batch-size: must be between 1 and 100000 (is 0)"));
    }

    @Test
    void thePasswordFileIsUsedWhenNoPasswordIsGivenAndMustBeReadable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("password");
        Files.writeString(file, "pw-from-file\n");
        Map<String, String> env = Map.of("STATE_STORE", "postgres", "STATE_POSTGRES_URL", URL,
                                         "STATE_POSTGRES_PASSWORD_FILE", file.toString());

        StateSettings.Postgres pg = read(env, Map.of()).state().postgres();
        assertThat(pg.passwordFile(), is(Optional.of(file)));
        assertThat(pg.password(), is(Optional.empty()));

        Map<String, String> both = new HashMap<>(env);
        both.put("STATE_POSTGRES_PASSWORD", "pw-value");
        assertThat(read(both, Map.of()).state().postgres().passwordFile(), is(Optional.empty()));

        Map<String, String> missing = new HashMap<>(env);
        missing.put("STATE_POSTGRES_PASSWORD_FILE", dir.resolve("absent").toString());
        assertThat(problems(missing, Map.of()),
                   hasItem("STATE_POSTGRES_PASSWORD_FILE: cannot read " + dir.resolve("absent")));
    }

    @Test
    void thePasswordNeverAppearsInTheConfigurationText() {
        ConnectorConfig config = read(Map.of("STATE_STORE", "postgres", "STATE_POSTGRES_URL", URL,
                                             "STATE_POSTGRES_PASSWORD", "pw-never-shown"), Map.of());

        assertThat(config.toString(), not(containsString("pw-never-shown")));
        assertThat(config.toString(), containsString(URL));
    }

    @Test
    void everyStateKeyIsKnown() {
        assertThat(ConnectorConfig.knownKeys().containsAll(List.of(
                "connector.state.store", "connector.state.postgres.url", "connector.state.postgres.user",
                "connector.state.postgres.password", "connector.state.postgres.password-file",
                "connector.state.postgres.pool-size", "connector.state.postgres.connect-timeout",
                "connector.state.postgres.statement-timeout", "connector.state.postgres.retention",
                "connector.state.postgres.migrate")), is(true));
    }

    private static List<String> problems(Map<String, String> extraEnv, Map<String, String> keys) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(extraEnv, keys));
        return e.problems();
    }

    private static ConnectorConfig read(Map<String, String> extraEnv, Map<String, String> keys) {
        Map<String, String> env = baseEnv();
        env.putAll(extraEnv);
        return ConnectorConfig.from(root(keys), env, Path.of("config"), false);
    }

    private static Config root(Map<String, String> keys) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(keys))
                .addSource(ConfigSources.file(Path.of("config", "application.yaml")))
                .build();
    }

    private static Map<String, String> baseEnv() {
        return new HashMap<>(Map.of("API_TOKEN", "nsps-token", "WTL_API_URL", "http://wtl:3001/wtl/hlr/v1",
                                    "WTL_API_TOKEN", "wtl-token"));
    }
}
