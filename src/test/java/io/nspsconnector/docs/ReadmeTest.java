package io.nspsconnector.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nspsconnector.config.ConnectorConfig;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Keeps the README true to the code: every variable the connector reads and every config file is documented. */
class ReadmeTest {

    private static final Path README = Path.of("README.md");

    @Test
    void documentsEveryEnvironmentVariable() throws IOException {
        String readme = Files.readString(README);
        for (String variable : ConnectorConfig.ENVIRONMENT.keySet()) {
            assertThat(variable, readme, containsString("| `" + variable + "` |"));
        }
        assertThat(readme, containsString("| `CONFIG_DIR` |"));
    }

    @Test
    void everyEnvironmentVariableTheCodeReadsIsListed() throws IOException {
        Pattern read = Pattern.compile("env\\.(?:get|getOrDefault|containsKey)\\(\"([A-Z_]+)\"");
        try (var files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (file.toString().contains("simulator")) {
                    continue; // the standalone simulator's own variables are documented with it
                }
                Matcher m = read.matcher(Files.readString(file));
                while (m.find()) {
                    String name = m.group(1);
                    assertThat(file + " reads " + name,
                               ConnectorConfig.ENVIRONMENT.containsKey(name) || name.equals("CONFIG_DIR"), is(true));
                }
            }
        }
    }

    @Test
    void documentsEveryKeyOfBothConfigFiles() throws IOException {
        String readme = Files.readString(README);
        for (String file : List.of("application.yaml", "mappings.yaml")) {
            Config config = Config.just(ConfigSources.file(Path.of("config", file)).build());
            List<String> keys = config.traverse()
                    .filter(node -> node.type() != Config.Type.OBJECT)
                    .map(node -> node.key().toString())
                    .filter(key -> !key.startsWith("events.") && !key.matches(".*\\.[0-9]+(\\..*)?$"))
                    .toList();
            assertThat(file, keys.size() > 5, is(true));
            for (String key : keys) {
                assertThat(file + " key " + key, readme, containsString("`" + key + "`"));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void documentsEveryPathOfTheOpenApiDocument() throws IOException {
        String readme = Files.readString(README);
        Map<String, Object> openapi = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Path.of("src", "main", "resources", "openapi.yaml")));
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) openapi.get("paths");
        assertThat(paths.size() > 5, is(true));
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            // "/health/live" is listed as "`/health/live`" or, in a group, as "`/health/live`, `/health/ready`"
            assertThat(path.getKey(), readme, containsString(path.getKey() + "`"));
        }
        assertThat(readme, containsString("## Before you change mappings"));
        assertThat(readme, containsString("nsps-connector.jar explain "));
    }

    @Test
    void quickStartCommandsExist() throws IOException {
        String readme = Files.readString(README);
        for (String command : List.of("./dev run", "./dev test")) {
            assertThat(readme, containsString(command));
        }
        assertThat(Files.isExecutable(Path.of("dev")), is(true));
        assertThat(Files.readString(Path.of(".ci", "run")), containsString("./dev test"));
    }
}
