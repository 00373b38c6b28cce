package io.nspsconnector.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.nspsconnector.wtl.WtlAction;
import io.nspsconnector.wtl.WtlSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
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

        assertThat(c.server().port(), is(8000));
        assertThat(c.server().eventPath(), is("/process-event"));
        assertThat(c.server().maxBodyBytes(), is(2L * 1024 * 1024));
        assertThat(c.server().apiTokens(), is(List.of("nsps-token")));
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

        assertThat(c.server().port(), is(9000));
        assertThat(c.server().apiTokens(), is(List.of("old-token", "new-token")));
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

        assertThat(c.server().apiTokens(), is(List.of("first", "second")));
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
    void aTokenFileOfUnprintableBytesIsRefusedLikeAnEmptyOne() throws Exception {
        Path binary = tmp.resolve("binary-token");
        java.nio.file.Files.write(binary, new byte[] {0x00, 0x01, (byte) 0xc3, (byte) 0xa9, 0x7f, 0x1b});
        Map<String, String> env = required();
        env.remove("WTL_API_TOKEN");
        env.put("WTL_API_TOKEN_FILE", binary.toString());

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(Map.of(), env));

        assertThat(e.getMessage(), containsString("WTL_API_TOKEN_FILE: file"));
        assertThat(e.getMessage(), containsString("control, non-ASCII or NUL characters"));
        assertThrows(InvalidConfigException.class, () -> Secrets.parse("tok\u0000en".getBytes(), "api-tokens"));
    }

    @Test
    void userInfoInTheWtlUrlIsRefusedWithoutEchoingIt() {
        Map<String, String> env = required();
        env.put("WTL_API_URL", "http://admin:s3cr3t@wtl:3001/wtl/hlr/v1");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(Map.of(), env));

        assertThat(e.getMessage(), containsString("WTL_API_URL: must not contain user info"));
        assertThat(e.getMessage().contains("s3cr3t"), is(false));
    }

    @Test
    void aFutureToleranceCanBeConfigured() {
        assertThat(read(Map.of(), required()).delivery().futureTolerance(), is(java.time.Duration.ofMinutes(5)));
        assertThat(read(Map.of("connector.delivery.future-tolerance", "PT30S"), required()).delivery()
                           .futureTolerance(), is(java.time.Duration.ofSeconds(30)));
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
        WtlSettings.AlreadyDone rule = new WtlSettings.AlreadyDone(Set.of(404), List.of("Not Found"));

        assertThat(rule.matches(404, "Subscriber X NOT FOUND"), is(true));
        assertThat(rule.matches(200, "subscriber not found"), is(true));
        assertThat(rule.matches(404, "<html>oops</html>"), is(false));
        assertThat(rule.matches(400, "not found"), is(false));
        assertThat(rule.matches(404, null), is(false));
    }

    @Test
    void urlSchemeIsCaseInsensitive() {
        Map<String, String> env = required();
        env.put("WTL_API_URL", "HTTPS://wtl.example.net/wtl/hlr/v1");

        assertThat(plain(env).wtl().url().getHost(), is("wtl.example.net"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"70000", "-1"})
    void portOutsideTheTcpRangeIsNamed(String port) {
        Map<String, String> env = required();
        env.put("PORT", port);

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> plain(env));

        assertThat(e.problems(), contains(startsWith("PORT: " + port + " is not a TCP port")));
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

    @Test
    void emptyConfigurationAndEnvironmentReportAllThreeRequiredVariables() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> ConnectorConfig.from(Config.empty(), Map.of(), DIR, false));

        assertThat(e.problems().stream().map(p -> p.substring(0, p.indexOf(':'))).toList(),
                   containsInAnyOrder("API_TOKEN", "WTL_API_TOKEN", "WTL_API_URL"));
    }

    @Test
    void requiredVariablesAloneAreEnoughWithoutAnyFile() {
        ConnectorConfig c = ConnectorConfig.from(Config.empty(), required(), DIR, false);

        assertThat(c.server().apiTokens(), is(List.of("nsps-token")));
        assertThat(c.wtl().token(), is("wtl-token"));
        assertThat(c.wtl().attemptTimeout(), is(Duration.ofSeconds(10)));
        assertThat(c.server().port(), is(8000));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"a, b|a,b", "a,b|a,b", " a |a", "a,,b,|a,b", "only|only"})
    void apiTokenIsACommaSeparatedList(String raw, String expected) {
        Map<String, String> env = required();
        env.put("API_TOKEN", raw);

        assertThat(plain(env).server().apiTokens(), is(List.of(expected.split(","))));
    }

    @Test
    void blankApiTokenCountsAsMissing() {
        Map<String, String> env = required();
        env.put("API_TOKEN", " , ");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> plain(env));

        assertThat(e.problems(), contains(startsWith("API_TOKEN: missing")));
    }

    @Test
    void tokenFilesMayBeCommaSeparated() throws IOException {
        Path api = Files.writeString(tmp.resolve("api"), "one, two,three");
        Path wtl = Files.writeString(tmp.resolve("wtl"), "  wtl-1  \n");
        Map<String, String> env = new HashMap<>(Map.of("WTL_API_URL", "http://wtl/x", "API_TOKEN_FILE", api.toString(),
                                                       "WTL_API_TOKEN_FILE", " " + wtl + " "));

        ConnectorConfig c = plain(env);

        assertThat(c.server().apiTokens(), is(List.of("one", "two", "three")));
        assertThat(c.wtl().token(), is("wtl-1"));
    }

    @Test
    void theVariableWinsOverItsFile() throws IOException {
        Path api = Files.writeString(tmp.resolve("api"), "from-file");
        Map<String, String> env = required();
        env.put("API_TOKEN_FILE", api.toString());

        assertThat(plain(env).server().apiTokens(), is(List.of("nsps-token")));
    }

    @Test
    void unreadableTokenFilesAreNamedByTheirVariables() {
        Map<String, String> env = new HashMap<>(Map.of("WTL_API_URL", "http://wtl/x",
                                                       "API_TOKEN_FILE", tmp.resolve("no-api").toString(),
                                                       "WTL_API_TOKEN_FILE", tmp.toString()));

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> plain(env));

        assertThat(e.problems(), hasItem(startsWith("API_TOKEN_FILE: cannot read")));
        assertThat(e.problems(), hasItem(startsWith("WTL_API_TOKEN_FILE: cannot read")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wtl-api:3001/wtl/hlr/v1", "wtl-api/wtl/hlr/v1", "ftp://wtl/x", "file:///etc/passwd",
            "http:///no-host", "mailto:wtl@example.net"})
    void wtlUrlMustBeAnAbsoluteHttpUrl(String url) {
        Map<String, String> env = required();
        env.put("WTL_API_URL", url);

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> plain(env));

        assertThat(e.problems(), contains(startsWith("WTL_API_URL: '" + url + "'")));
    }

    @Test
    void malformedWtlUrlIsNamed() {
        Map<String, String> env = required();
        env.put("WTL_API_URL", "http://wtl api/x");

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> plain(env));

        assertThat(e.problems(), contains(startsWith("WTL_API_URL: 'http://wtl api/x' is not a valid URL")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://wtl:3001/wtl/hlr/v1|http://wtl:3001/wtl/hlr/v1/prov",
            "http://wtl:3001/wtl/hlr/v1/|http://wtl:3001/wtl/hlr/v1/prov",
            "https://wtl.example.net/wtl/hlr/v1///|https://wtl.example.net/wtl/hlr/v1/prov",
            "http://wtl:3001|http://wtl:3001/prov",
            "http://wtl:3001/|http://wtl:3001/prov",
            "' http://wtl/x '|http://wtl/x/prov"})
    void provUriDropsTrailingSlashesAndAppendsProv(String url, String prov) {
        Map<String, String> env = required();
        env.put("WTL_API_URL", url);

        assertThat(plain(env).wtl().provUri().toString(), is(prov));
    }

    @ParameterizedTest(name = "{0} s")
    @CsvSource({"2.5, 2500", "30, 30000", "0.25, 250", "3600, 3600000", "' 1 ', 1000"})
    void legacyTimeoutIsInSeconds(String seconds, long millis) {
        Map<String, String> env = required();
        env.put("WTL_HTTP_REQUESTS_TIMEOUT", seconds);

        assertThat(plain(env).wtl().attemptTimeout(), is(Duration.ofMillis(millis)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "2,5", "0", "-1", "3601", "Infinity"})
    void legacyTimeoutOutOfRangeOrNotANumberIsNamed(String seconds) {
        Map<String, String> env = required();
        env.put("WTL_HTTP_REQUESTS_TIMEOUT", seconds);

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> plain(env));

        assertThat(e.problems(), contains(startsWith("WTL_HTTP_REQUESTS_TIMEOUT:")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0001", "NaN"})
    void legacyTimeoutThatRoundsToZeroIsNamed(String seconds) {
        Map<String, String> env = required();
        env.put("WTL_HTTP_REQUESTS_TIMEOUT", seconds);

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> plain(env));

        assertThat(e.problems(), contains(startsWith("WTL_HTTP_REQUESTS_TIMEOUT:")));
    }

    @Test
    void portComesFromPort() {
        Map<String, String> env = required();
        env.put("PORT", "9000");

        assertThat(plain(env).server().port(), is(9000));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"WARNING, WARNING", "warning, WARNING", "debug, DEBUG", "CRITICAL, CRITICAL", "Error, ERROR",
            "WARN, WARN"})
    void logLevelIsAcceptedInAnyCase(String level, String expected) {
        Map<String, String> env = required();
        env.put("LOG_LEVEL", level);

        assertThat(plain(env).logging().level(), is(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOUD", "", "INFO2", "verbose"})
    void unknownLogLevelIsNamed(String level) {
        Map<String, String> env = required();
        env.put("LOG_LEVEL", level);

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> plain(env));

        assertThat(e.problems(), contains(startsWith("LOG_LEVEL: '" + level + "'")));
    }

    @Test
    void simulatorFlagWithoutAWtlUrlStartsTheSimulatorAndNeedsNoWtlSettings() {
        ConnectorConfig c = ConnectorConfig.from(Config.empty(), Map.of("API_TOKEN", "t"), DIR, true);

        assertThat(c.simulator().enabled(), is(true));
        assertThat(c.wtl().url().getScheme(), is("http"));
        assertThat(c.wtl().url().getHost(), is("127.0.0.1"));
        assertThat(c.wtl().provUri().getPath(), is("/wtl/hlr/v1/prov"));
        assertThat(c.wtl().token().isBlank(), is(false));
    }

    @Test
    void simulatorUsesAGivenWtlToken() {
        ConnectorConfig c = ConnectorConfig.from(Config.empty(), Map.of("API_TOKEN", "t", "WTL_API_TOKEN", "sim-token"),
                                                 DIR, true);

        assertThat(c.simulator().enabled(), is(true));
        assertThat(c.wtl().token(), is("sim-token"));
    }

    @Test
    void simulatorFlagWithoutAnApiTokenStillNeedsTheApiToken() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> ConnectorConfig.from(Config.empty(), Map.of(), DIR, true));

        assertThat(e.problems(), contains(startsWith("API_TOKEN: missing")));
    }

    @Test
    void simulatorVariableWorksLikeTheFlag() {
        ConnectorConfig c = ConnectorConfig.from(Config.empty(),
                                                 Map.of("API_TOKEN", "t", "WTL_SIMULATOR_ENABLED", "true"), DIR, false);

        assertThat(c.simulator().enabled(), is(true));
    }

    @Test
    void aWtlUrlTurnsTheSimulatorOffAndItsTokenIsThenRequired() {
        Map<String, String> env = new HashMap<>(Map.of("API_TOKEN", "t", "WTL_API_URL", "http://wtl/x",
                                                       "WTL_SIMULATOR_ENABLED", "true"));

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> ConnectorConfig.from(Config.empty(), env, DIR, true));

        assertThat(e.problems(), contains(startsWith("WTL_API_TOKEN: missing")));
    }

    @Test
    void withoutTheSimulatorNothingIsSimulated() {
        assertThat(plain(required()).simulator().enabled(), is(false));
    }

    @Test
    void neitherToStringShowsAnyToken() throws IOException {
        Path api = Files.writeString(tmp.resolve("api"), "file-token-1\nfile-token-2");
        Map<String, String> env = required();
        env.remove("API_TOKEN");
        env.put("API_TOKEN_FILE", api.toString());
        env.put("WTL_API_TOKEN", "secret-wtl-value");

        ConnectorConfig c = plain(env);

        for (String text : List.of(c.toString(), c.wtl().toString())) {
            assertThat(text, not(containsString("file-token")));
            assertThat(text, not(containsString("secret-wtl-value")));
            assertThat(text, containsString("redacted"));
        }
        assertThat(c.wtl().toString(), containsString("http://wtl:3001/wtl/hlr/v1"));
    }

    @Test
    void simulatorsRandomTokenIsNotShownEither() {
        ConnectorConfig c = ConnectorConfig.from(Config.empty(), Map.of("API_TOKEN", "t"), DIR, true);

        assertThat(c.toString(), not(containsString(c.wtl().token())));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "409|IMSI already exists|true",
            "409|Subscriber ALREADY EXISTS|true",
            "200|already exists|true",
            "201|already exists|true",
            "299|already exists|true",
            "409|duplicate key|false",
            "400|already exists|false",
            "300|already exists|false",
            "500|already exists|false",
            "409||false"})
    void alreadyDoneNeedsAListedOr2xxStatusAndOneOfTheTexts(int status, String error, boolean matches) {
        WtlSettings.AlreadyDone rule = new WtlSettings.AlreadyDone(Set.of(409), List.of("Already Exist"));

        assertThat(rule.matches(status, error), is(matches));
    }

    @Test
    void alreadyDoneWithoutTextsNeverMatches() {
        WtlSettings.AlreadyDone rule = new WtlSettings.AlreadyDone(Set.of(404), List.of());

        assertThat(rule.matches(404, "not found"), is(false));
        assertThat(rule.matches(200, ""), is(false));
    }

    @Test
    void alreadyDoneMatchesAnyOfItsTexts() {
        WtlSettings.AlreadyDone rule = new WtlSettings.AlreadyDone(Set.of(404),
                                                                         List.of("not found", "does not exist"));

        assertThat(rule.matches(404, "IMSI does not exist"), is(true));
        assertThat(rule.matches(404, "IMSI not found"), is(true));
    }

    @Test
    void reloadIsOnEveryTwoSecondsAndWatchesNoTokenFileWhenTokensAreValues() {
        ReloadSettings reload = read(Map.of(), required()).reload();

        assertThat(reload.enabled(), is(true));
        assertThat(reload.interval(), is(Duration.ofSeconds(2)));
        assertThat(reload.apiTokenFile().isPresent(), is(false));
        assertThat(reload.wtlTokenFile().isPresent(), is(false));
    }

    @Test
    void tokenFilesFromVariablesOrConfigAreWatched() throws IOException {
        Path api = Files.writeString(tmp.resolve("api"), "a\nb\n");
        Path wtl = Files.writeString(tmp.resolve("wtl"), "w");
        Map<String, String> env = required();
        env.remove("API_TOKEN");
        env.remove("WTL_API_TOKEN");
        env.put("API_TOKEN_FILE", api.toString());

        ConnectorConfig c = read(Map.of("connector.wtl.token-file", wtl.toString()), env);

        assertThat(c.server().apiTokens(), contains("a", "b"));
        assertThat(c.reload().apiTokenFile().orElseThrow(), is(api));
        assertThat(c.reload().wtlTokenFile().orElseThrow(), is(wtl));
    }

    @Test
    void aTokenValueWinsOverItsFileAndTheFileIsThenNotWatched() throws IOException {
        Path api = Files.writeString(tmp.resolve("api"), "from-file");
        Map<String, String> env = required();
        env.put("API_TOKEN_FILE", api.toString());

        ConnectorConfig c = read(Map.of("connector.wtl.token-file", api.toString()), env);

        assertThat(c.server().apiTokens(), contains("nsps-token"));
        assertThat(c.reload().apiTokenFile().isPresent(), is(false));
        assertThat(c.reload().wtlTokenFile().isPresent(), is(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT0.001S", "PT2M", "soon"})
    void reloadIntervalOutOfRangeIsNamed(String interval) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> read(Map.of("connector.reload.interval", interval), required()));
        assertThat(e.problems(), hasItem(startsWith("connector.reload.interval")));
    }

    private static ConnectorConfig plain(Map<String, String> env) {
        return ConnectorConfig.from(Config.just(ConfigSources.create(Map.of())), env, DIR, false);
    }
}
