package io.nspsconnector.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.nspsconnector.wtl.WtlAction;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading the configuration: defaults, the reference variables, token files, and every problem reported at once. */
class ConnectorConfigTest {

    private static final Path DIR = Path.of("config");

    @TempDir
    Path tmp;

    @Test
    void shippedDefaultsWithTheRequiredVariables() {
        ConnectorConfig c = read(Map.of(), required());

        assertThat(c.port(), is(8000));
        assertThat(c.eventPath(), is("/process-event"));
        assertThat(c.maxBodyBytes(), is(2L * 1024 * 1024));
        assertThat(c.apiTokens(), is(List.of("nsps-token")));
        assertThat(c.wtl().provUri().toString(), is("http://wtl:3001/wtl/hlr/v1/prov"));
        assertThat(c.wtl().attemptTimeout(), is(Duration.ofSeconds(10)));
        assertThat(c.wtl().eventDeadline(), is(Duration.ofSeconds(20)));
        assertThat(c.wtl().retry().attempts(), is(3));
        assertThat(c.wtl().retry().retryStatuses(), is(Set.of(502, 503, 504)));
        assertThat(c.wtl().breaker().enabled(), is(true));
        assertThat(c.wtl().treatAsSuccess().get(WtlAction.INSERT).matches(409, "IMSI already exists"), is(true));
        assertThat(c.simulator().enabled(), is(false));
        assertThat(c.logging().maskSubscriberIds(), is(true));
    }

    @Test
    void everyMissingRequirementIsReportedAtOnce() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(Map.of(), Map.of()));

        assertThat(e.problems(), hasSize(3));
        assertThat(e.problems().get(0), startsWith("API_TOKEN: missing"));
        assertThat(e.problems().get(1), startsWith("WTL_API_TOKEN: missing"));
        assertThat(e.problems().get(2), startsWith("WTL_API_URL: missing"));
    }

    @Test
    void referenceVariablesOverrideTheFile() {
        Map<String, String> env = required();
        env.put("PORT", "9000");
        env.put("API_TOKEN", "old-token, new-token");
        env.put("WTL_HTTP_REQUESTS_TIMEOUT", "2.5");
        env.put("LOG_LEVEL", "warning");
        env.put("WTL_API_URL", "https://wtl.example.net/wtl/hlr/v1//");

        ConnectorConfig c = read(Map.of(), env);

        assertThat(c.port(), is(9000));
        assertThat(c.apiTokens(), is(List.of("old-token", "new-token")));
        assertThat(c.wtl().attemptTimeout(), is(Duration.ofMillis(2500)));
        assertThat(c.logging().level(), is("WARNING"));
        assertThat(c.wtl().provUri().toString(), is("https://wtl.example.net/wtl/hlr/v1/prov"));
    }

    @Test
    void tokensComeFromMountedFiles() throws IOException {
        Path api = Files.writeString(tmp.resolve("api-token"), "first\nsecond\n");
        Path wtl = Files.writeString(tmp.resolve("wtl-token"), "wtl-secret\n");
        Map<String, String> env = new HashMap<>(Map.of("WTL_API_URL", "http://wtl:3001/wtl/hlr/v1",
                                                       "API_TOKEN_FILE", api.toString(),
                                                       "WTL_API_TOKEN_FILE", wtl.toString()));

        ConnectorConfig c = read(Map.of(), env);

        assertThat(c.apiTokens(), is(List.of("first", "second")));
        assertThat(c.wtl().token(), is("wtl-secret"));
    }

    @Test
    void unreadableOrEmptyTokenFileIsNamed() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty"), " \n");
        Map<String, String> env = required();
        env.remove("API_TOKEN");
        env.put("API_TOKEN_FILE", tmp.resolve("absent").toString());
        env.remove("WTL_API_TOKEN");
        env.put("WTL_API_TOKEN_FILE", empty.toString());

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(Map.of(), env));

        assertThat(e.getMessage(), containsString("API_TOKEN_FILE: cannot read"));
        assertThat(e.getMessage(), containsString("WTL_API_TOKEN_FILE: file"));
        assertThat(e.getMessage(), containsString("holds no token"));
    }

    @Test
    void badValuesAreNamed() {
        Map<String, String> env = required();
        env.put("WTL_API_URL", "ftp://wtl/x");
        env.put("WTL_HTTP_REQUESTS_TIMEOUT", "soon");
        env.put("LOG_LEVEL", "LOUD");
        env.put("PORT", "eighty");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(
                Map.of("connector.wtl.retry.attempts", "0", "connector.wtl.event-deadline", "20s",
                       "connector.event-path", "process-event"), env));

        assertThat(e.problems(), hasItem(startsWith("WTL_API_URL: 'ftp://wtl/x' must be an absolute http")));
        assertThat(e.problems(), hasItem(startsWith("WTL_HTTP_REQUESTS_TIMEOUT: 'soon' is not a number")));
        assertThat(e.problems(), hasItem(startsWith("LOG_LEVEL: 'LOUD'")));
        assertThat(e.problems(), hasItem(startsWith("PORT: 'eighty' is not a number")));
        assertThat(e.problems(), hasItem(startsWith("connector.wtl.retry.attempts: must be between 1 and 10")));
        assertThat(e.problems(), hasItem(startsWith("connector.wtl.event-deadline: not a duration")));
        assertThat(e.problems(), hasItem(startsWith("connector.event-path: must start with '/'")));
    }

    @Test
    void simulatorNeedsNoWtlSettingsButARealUrlTurnsItOff() {
        ConnectorConfig demo = ConnectorConfig.from(config(Map.of()), Map.of("API_TOKEN", "t"), DIR, true);
        assertThat(demo.simulator().enabled(), is(true));
        assertThat(demo.wtl().token().length(), is(48));

        ConnectorConfig real = ConnectorConfig.from(config(Map.of()), required(), DIR, true);
        assertThat(real.simulator().enabled(), is(false));
        assertThat(real.wtl().url().getHost(), is("wtl"));
    }

    @Test
    void tokensNeverAppearInToString() {
        ConnectorConfig c = read(Map.of(), required());

        assertThat(c.toString(), not(containsString("nsps-token")));
        assertThat(c.toString(), not(containsString("wtl-token")));
        assertThat(c.toString(), containsString("redacted"));
    }

    @Test
    void alreadyDoneNeedsTheTextAndAFittingStatus() {
        ConnectorConfig.AlreadyDone rule = new ConnectorConfig.AlreadyDone(Set.of(404), List.of("Not Found"));

        assertThat(rule.matches(404, "Subscriber X NOT FOUND"), is(true));
        assertThat(rule.matches(200, "subscriber not found"), is(true));
        assertThat(rule.matches(404, "<html>oops</html>"), is(false));
        assertThat(rule.matches(400, "not found"), is(false));
        assertThat(rule.matches(404, null), is(false));
    }

    private static Map<String, String> required() {
        return new HashMap<>(Map.of("API_TOKEN", "nsps-token",
                                    "WTL_API_URL", "http://wtl:3001/wtl/hlr/v1",
                                    "WTL_API_TOKEN", "wtl-token"));
    }

    private static ConnectorConfig read(Map<String, String> keys, Map<String, String> env) {
        return ConnectorConfig.from(config(keys), env, DIR, false);
    }

    private static Config config(Map<String, String> keys) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(keys))
                .addSource(ConfigSources.file(DIR.resolve("application.yaml")))
                .build();
    }
}
