package io.nspsconnector.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.nspsconnector.nac.NacSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Network as Code receiver's settings: off by default, token from variable, file or YAML, never open. */
class NacConfigTest {

    @Test
    void offByDefaultWithTheShippedDefaults() {
        NacSettings nac = read(Map.of(), Map.of()).nac();
        assertThat(nac.enabled(), is(false));
        assertThat(nac.path(), is("/notifications"));
        assertThat(nac.maxBodyBytes(), is(65536L));
        assertThat(nac.maxDevices(), is(100_000));
        assertThat(nac.dedupeWindow(), is(Duration.ofHours(24)));
    }

    @Test
    void enabledWithoutATokenRefusesToStart() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> read(Map.of("NAC_ENABLED", "true"), Map.of()));
        assertThat(e.problems().stream().anyMatch(p -> p.startsWith("NAC_NOTIFICATION_TOKEN: missing")), is(true));
    }

    @Test
    void tokensFromTheVariableForARotation() {
        NacSettings nac = read(Map.of("NAC_ENABLED", "true", "NAC_NOTIFICATION_TOKEN", "a, b"), Map.of()).nac();
        assertThat(nac.tokens(), is(List.of("a", "b")));
        assertThat(nac.toString(), not(containsString("a,")));
        assertThat(nac.toString(), containsString("<2 redacted>"));
    }

    @Test
    void tokenFromAFileOrFromYaml(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nac-token");
        Files.writeString(file, "from-file\n");
        assertThat(read(Map.of("NAC_ENABLED", "true", "NAC_NOTIFICATION_TOKEN_FILE", file.toString()), Map.of())
                           .nac().tokens(), is(List.of("from-file")));
        Path yaml = dir.resolve("application.yaml");
        Files.writeString(yaml, "connector:\n  nac:\n    enabled: true\n    tokens: [from-yaml, next]\n");
        Config root = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.file(yaml)).build();
        assertThat(ConnectorConfig.from(root, baseEnv(), dir, false).nac().tokens(), is(List.of("from-yaml", "next")));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(
                Map.of("NAC_ENABLED", "true", "NAC_NOTIFICATION_TOKEN_FILE", dir.resolve("absent").toString()), Map.of()));
        assertThat(e.problems(), hasItem(startsWith("NAC_NOTIFICATION_TOKEN_FILE: cannot read")));
    }

    @Test
    void badValuesAreListedWithTheirKeys() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(
                Map.of(), Map.of("connector.nac.path", "/process-event", "connector.nac.max-devices", "0",
                                 "connector.nac.dedupe.window", "P-1D")));
        assertThat(e.problems(), hasItem(startsWith("connector.nac.path:")));
        assertThat(e.problems(), hasItem(startsWith("connector.nac.max-devices:")));
        assertThat(e.problems(), hasItem(startsWith("connector.nac.dedupe.window:")));
    }

    private static Map<String, String> baseEnv() {
        return new HashMap<>(Map.of("API_TOKEN", "t", "WTL_API_URL", "http://wtl:3001/wtl/hlr/v1", "WTL_API_TOKEN", "w"));
    }

    private static ConnectorConfig read(Map<String, String> extraEnv, Map<String, String> keys) {
        Map<String, String> env = baseEnv();
        env.putAll(extraEnv);
        Config root = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(keys))
                .addSource(ConfigSources.file(Path.of("config", "application.yaml")))
                .build();
        return ConnectorConfig.from(root, env, Path.of("config"), false);
    }
}
