package io.nspsconnector.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.nspsconnector.Main;
import io.nspsconnector.cli.ValidateConfigCommand;
import io.nspsconnector.server.InboundLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The server's limits ({@code connector.inbound} and the Helidon limits the documentation sizes) are checked with
 * their ranges when the configuration is read: listed by key by {@code validate-config} (exit 1) and refused at
 * start (exit 2), before any server is built.
 */
class InboundSettingsTest {

    private static final Path DIR = Path.of("config");

    /** One out-of-range value per line: key, value, the problem listed. */
    private static final List<String[]> OUT_OF_RANGE = List.of(
            new String[] {"connector.inbound.max-connections", "0", "must be at least 1 (is 0)"},
            new String[] {"connector.inbound.header-timeout", "PT0S", "must be positive"},
            new String[] {"connector.inbound.body-timeout", "-PT1S", "must be positive"},
            new String[] {"connector.inbound.idle-timeout", "PT0S", "must be positive"},
            new String[] {"connector.inbound.response-timeout", "-PT5S", "must be positive"},
            new String[] {"connector.inbound.body-budget", "1023", "must be at least 1024 (is 1023)"},
            new String[] {"server.max-concurrent-requests", "0", "must be -1 (no limit) or at least 1 (is 0)"},
            new String[] {"server.protocols.http_1_1.max-prologue-length", "0", "must be at least 1 (is 0)"},
            new String[] {"server.protocols.http_1_1.max-headers-size", "-1", "must be at least 1 (is -1)"});

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            connector.inbound.max-connections              | 0           | must be at least 1 (is 0)
            connector.inbound.max-connections              | -5          | must be at least 1 (is -5)
            connector.inbound.max-connections              | 3000000000  | must be at least 1 (is 3000000000)
            connector.inbound.header-timeout               | PT0S        | must be positive
            connector.inbound.body-timeout                 | -PT1S       | must be positive
            connector.inbound.idle-timeout                 | 90          | not a duration (ISO-8601, e.g. PT2S or PT0.5S)
            connector.inbound.response-timeout             | PT0S        | must be positive
            connector.inbound.body-budget                  | 1023        | must be at least 1024 (is 1023)
            connector.inbound.body-budget                  | 32MB        | '32MB' is not a whole number
            server.max-concurrent-requests                 | 0           | must be -1 (no limit) or at least 1 (is 0)
            server.max-concurrent-requests                 | -2          | must be at least -1 (is -2)
            server.max-concurrent-requests                 | many        | 'many' is not a whole number
            server.protocols.http_1_1.max-prologue-length  | 0           | must be at least 1 (is 0)
            server.protocols.http_1_1.max-headers-size     | -1          | must be at least 1 (is -1)
            """)
    void anOutOfRangeValueIsAnErrorNamingItsKey(String key, String value, String message) {
        Config root = config(Map.of(key, value));

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> ConnectorConfig.from(root, required(), DIR, false));

        assertThat(e.problems(), is(List.of(key + ": " + message)));
        assertThat(e.details().getFirst().severity(), is(Problem.Severity.ERROR));
        assertThat(ConnectorConfig.check(root, required(), DIR).stream().map(Problem::toString).toList(),
                   is(List.of(key + ": " + message)));
    }

    @Test
    void valuesInRangeReachTheLimitsAndTheBodyBudgetWaitIsTheEventDeadline() {
        Config root = config(Map.of("connector.inbound.max-connections", "5",
                                    "connector.inbound.header-timeout", "PT0.5S",
                                    "connector.inbound.body-budget", "2048",
                                    "connector.wtl.event-deadline", "PT3S",
                                    "server.max-concurrent-requests", "-1"));

        InboundLimits limits = ConnectorConfig.from(root, required(), DIR, false).server().inbound();

        assertThat(limits.maxConnections(), is(5));
        assertThat(limits.headerTimeout(), is(Duration.ofMillis(500)));
        assertThat(limits.bodyTimeout(), is(InboundLimits.DEFAULTS.bodyTimeout()));
        assertThat(limits.bodyBudgetBytes(), is(2048L));
        assertThat(limits.bodyBudgetWait(), is(Duration.ofSeconds(3)));
    }

    @Test
    void withoutTheKeysTheDefaultsApply() {
        InboundLimits limits = ConnectorConfig.from(config(Map.of()), required(), DIR, false).server().inbound();

        assertThat(limits, is(InboundLimits.DEFAULTS));
    }

    @Test
    void validateConfigListsEveryOutOfRangeValueAndExits1() throws IOException {
        writeConfig();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = new ValidateConfigCommand(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(List.of(dir.toString()));

        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(output, exit, is(ValidateConfigCommand.INVALID));
        assertThat(output, containsString("INVALID " + dir.resolve("application.yaml") + ":\n"));
        for (String[] bad : OUT_OF_RANGE) {
            assertThat(output, containsString("  - " + bad[0] + ": " + bad[2] + "\n"));
        }
        assertThat(output, not(containsString("Exception")));
    }

    @Test
    void theServerRefusesToStartWithExit2ListingEveryOutOfRangeValue() throws Exception {
        writeConfig();
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                                                    Main.class.getName())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("API_") || k.startsWith("WTL_")
                || k.startsWith("NAC_") || k.startsWith("SERVER_") || k.startsWith("CONNECTOR_")
                || k.equals("PORT") || k.equals("CONFIG_DIR") || k.equals("LOG_LEVEL"));
        builder.environment().putAll(Map.of("CONFIG_DIR", dir.toString(), "API_TOKEN", "t",
                                            "WTL_API_URL", "http://127.0.0.1:9/wtl", "WTL_API_TOKEN", "w",
                                            "PORT", "0"));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the connector did not exit: " + Files.readString(stderr));
        }

        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(err, process.exitValue(), is(2));
        assertThat(err, containsString("nsps-connector: invalid configuration"));
        for (String[] bad : OUT_OF_RANGE) {
            assertThat(err, containsString("  - " + bad[0] + ": " + bad[2]));
        }
        assertThat(err, not(containsString("could not start")));
        assertThat(Files.readString(stdout, StandardCharsets.UTF_8), not(containsString("nsps-connector ready")));
    }

    /** An application.yaml holding every value of {@link #OUT_OF_RANGE}, and the shipped mappings. */
    private void writeConfig() throws IOException {
        Map<String, String> values = new HashMap<>();
        OUT_OF_RANGE.forEach(bad -> values.put(bad[0], bad[1]));
        Files.writeString(dir.resolve("application.yaml"), yaml(values));
        Files.copy(DIR.resolve("mappings.yaml"), dir.resolve("mappings.yaml"));
    }

    /** Flat keys as nested YAML. */
    private static String yaml(Map<String, String> values) {
        Map<String, Object> tree = new java.util.TreeMap<>();
        values.forEach((key, value) -> {
            Map<String, Object> node = tree;
            String[] parts = key.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i],
                                                                                         k -> new java.util.TreeMap<>());
                node = child;
            }
            node.put(parts[parts.length - 1], value);
        });
        StringBuilder text = new StringBuilder();
        write(tree, 0, text);
        return text.toString();
    }

    private static void write(Map<String, Object> node, int depth, StringBuilder text) {
        node.forEach((name, value) -> {
            text.append("  ".repeat(depth)).append(name).append(':');
            if (value instanceof Map<?, ?> child) {
                text.append('\n');
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) child;
                write(map, depth + 1, text);
            } else {
                text.append(' ').append(value).append('\n');
            }
        });
    }

    private static Config config(Map<String, String> values) {
        return Config.just(ConfigSources.create(values.isEmpty() ? "{}" : yaml(values), MediaTypes.APPLICATION_X_YAML));
    }

    private static Map<String, String> required() {
        return new HashMap<>(Map.of("API_TOKEN", "nsps-token",
                                    "WTL_API_URL", "http://wtl:3001/wtl/hlr/v1",
                                    "WTL_API_TOKEN", "wtl-token"));
    }
}
