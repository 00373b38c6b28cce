package io.nspsconnector.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.nspsconnector.config.ConnectorConfig;
import io.nspsconnector.errors.ErrorKind;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * Keeps the README and docs/ true to the code: every variable the connector reads and every key of its
 * configuration files is documented on the configuration page, every endpoint on the front door, the README stays a
 * front door (small, every page one link away), and every relative link of the documentation resolves.
 */
class ReadmeTest {

    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final Path DOCS_INDEX = DOCS.resolve("README.md");
    private static final Path CONFIGURATION = DOCS.resolve("configuration.md");
    private static final Path MAPPINGS = DOCS.resolve("mappings.md");
    private static final Path API = DOCS.resolve("api.md");
    /** The README's budget: a front door, not the manual. */
    private static final int README_MAX_BYTES = 12 * 1024;

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

    @Test
    void documentsEveryEnvironmentVariable() throws IOException {
        String page = Files.readString(CONFIGURATION);
        for (String variable : ConnectorConfig.ENVIRONMENT.keySet()) {
            assertThat(variable, page, containsString("| `" + variable + "` |"));
        }
        assertThat(page, containsString("| `CONFIG_DIR` |"));
    }

    @Test
    void everyEnvironmentVariableTheCodeReadsIsListed() throws IOException {
        Pattern read = Pattern.compile("env\\.(?:get|getOrDefault|containsKey)\\(\"([A-Z_]+)\"");
        try (var files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (file.toString().contains("simulator")) {
                    continue; // the standalone simulator's own variables: simulator.md (checked below)
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
    void simulatorPageListsEveryVariableTheStandaloneSimulatorReads() throws IOException {
        Pattern read = Pattern.compile("env\\.(?:get|getOrDefault|containsKey)\\(\"([A-Z_]+)\"");
        String page = Files.readString(DOCS.resolve("simulator.md"));
        int found = 0;
        try (var files = Files.walk(Path.of("src", "main", "java", "io", "nspsconnector", "simulator"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = read.matcher(Files.readString(file));
                while (m.find()) {
                    found++;
                    assertThat(file + " reads " + m.group(1), page, containsString("| `" + m.group(1) + "` |"));
                }
            }
        }
        assertThat(found, greaterThan(2));
    }

    @Test
    void documentsEveryKeyOfBothConfigFiles() throws IOException {
        String page = Files.readString(CONFIGURATION);
        for (String file : List.of("application.yaml", "mappings.yaml")) {
            List<String> keys = leafKeys(file);
            assertThat(file, keys.size() > 5, is(true));
            for (String key : keys) {
                assertThat(file + " key " + key, page, containsString("`" + key + "`"));
            }
        }
    }

    @Test
    void configurationTableShowsTheShippedDefaults() throws IOException {
        // rows of one key with one value: | `key` | `default` | meaning |
        Pattern row = Pattern.compile("^\\| `([a-z][a-z0-9_.-]+)` \\| `([^`]*)` \\|", Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(CONFIGURATION));
        Config shipped = Config.just(ConfigSources.file(Path.of("config", "application.yaml")).build());
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        while (m.find()) {
            Config node = shipped.get(m.group(1));
            if (!node.exists()) {
                continue; // a default the file leaves out (documented in place as a comment)
            }
            compared++;
            String value = node.type() == Config.Type.LIST
                    ? "[" + String.join(", ", node.asList(String.class).get()) + "]"
                    : node.asString().orElse("");
            if (!value.equals(m.group(2))) {
                wrong.add(m.group(1) + ": the page says " + m.group(2) + ", config/application.yaml has " + value);
            }
        }
        assertThat(compared, greaterThan(40));
        assertThat(wrong, is(empty()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void frontDoorListsEveryPathOfTheOpenApiDocument() throws IOException {
        String readme = Files.readString(README);
        Map<String, Object> openapi = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Path.of("src", "main", "resources", "openapi.yaml")));
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) openapi.get("paths");
        assertThat(paths.size() > 5, is(true));
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            // "/health/live" is listed as "`/health/live`" or, in a group, as "`/health/live`, `/health/ready`"
            assertThat(path.getKey(), readme, containsString(path.getKey() + "`"));
        }
    }

    @Test
    void apiPageHasARowForEveryErrorKind() throws IOException {
        List<String> rows = Files.readString(API).lines().filter(l -> l.startsWith("| ")).toList();
        for (ErrorKind kind : ErrorKind.values()) {
            boolean listed = rows.stream().anyMatch(row -> row.contains(String.valueOf(kind.status()))
                    && row.contains("`" + kind.type() + "`") && row.contains("`" + kind.title() + "`"));
            assertThat(kind + ": a row of docs/api.md with its status, type and message", listed, is(true));
        }
    }

    @Test
    void fixturesReadmeHasALineForEveryFixture() throws IOException {
        Path fixtures = Path.of("src", "test", "resources", "fixtures");
        String readme = Files.readString(fixtures.resolve("README.md"));
        int count = 0;
        for (String dir : List.of("nsps", "nac", "wtl")) {
            try (Stream<Path> files = Files.list(fixtures.resolve(dir))) {
                for (Path file : files.toList()) {
                    count++;
                    assertThat(readme, containsString("| `" + file.getFileName() + "` |"));
                }
            }
        }
        assertThat(count, greaterThan(50));
    }

    @Test
    void mappingsPageShowsHowToCheckAChange() throws IOException {
        String page = Files.readString(MAPPINGS);
        assertThat(page, containsString("## Before you change mappings"));
        assertThat(page, containsString("nsps-connector.jar explain "));
        assertThat(Files.readString(CONFIGURATION), containsString("nsps-connector.jar validate-config "));
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

    @Test
    void readmeIsAFrontDoorWithEveryPageOneLinkAway() throws IOException {
        assertThat("README.md bytes", (int) Files.size(README), lessThanOrEqualTo(README_MAX_BYTES));
        Set<Path> fromReadme = linkedFiles(README);
        List<Path> pages = pages().filter(p -> p.getParent().equals(DOCS)).toList();
        assertThat(pages.size(), greaterThan(10));
        for (Path page : pages) {
            assertThat("README links " + page, fromReadme.contains(page), is(true));
        }
        // pages in sub-folders (contract notes, upstream notes) are listed by their folder's index or docs/README.md
        Set<Path> fromIndexes = new HashSet<>(linkedFiles(DOCS_INDEX));
        fromIndexes.addAll(linkedFiles(DOCS.resolve("spec").resolve("README.md")));
        for (Path page : pages().filter(p -> !p.getParent().equals(DOCS)).toList()) {
            assertThat("an index links " + page, fromIndexes.contains(page) || fromReadme.contains(page), is(true));
        }
        for (Path other : List.of(Path.of("helm", "nsps-connector", "README.md"),
                                  Path.of("src", "test", "resources", "fixtures", "README.md"),
                                  DOCS_INDEX, DOCS.resolve("spec").resolve("README.md"))) {
            assertThat("README links " + other, fromReadme.contains(other), is(true));
        }
    }

    @Test
    void everyPageStartsWithItsPurposeAndLinksBack() throws IOException {
        List<Path> pages = pages().toList();
        for (Path page : pages) {
            String[] lines = Files.readString(page).split("\n", 4);
            assertThat(page + " starts with a title", lines[0].startsWith("# "), is(true));
            assertThat(page + " then a paragraph", lines.length > 2 && lines[1].isEmpty() && !lines[2].isBlank()
                    && !lines[2].startsWith("#") && !lines[2].startsWith("|") && !lines[2].startsWith("```"), is(true));
            boolean back = linkedFiles(page).contains(README);
            assertThat(page + " links back to the README", back, is(true));
        }
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<Path> files = new ArrayList<>(List.of(README, Path.of("helm", "nsps-connector", "README.md"),
                                                   Path.of("src", "test", "resources", "fixtures", "README.md")));
        files.addAll(pages().toList());
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path file : files) {
            for (String link : links(file)) {
                links++;
                int hash = link.indexOf('#');
                String target = hash < 0 ? link : link.substring(0, hash);
                String anchor = hash < 0 ? null : link.substring(hash + 1);
                Path resolved = target.isEmpty() ? file : file.resolveSibling(target).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(file + ": " + link + " (no " + resolved + ")");
                    continue;
                }
                if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
                    broken.add(file + ": " + link + " (no heading #" + anchor + " in " + resolved + ")");
                }
            }
        }
        assertThat(links, greaterThan(100));
        assertThat(broken, is(empty()));
    }

    /** The leaf keys of a shipped config file (event types and list items left out: documented as a whole). */
    private static List<String> leafKeys(String file) {
        Config config = Config.just(ConfigSources.file(Path.of("config", file)).build());
        return config.traverse()
                .filter(node -> node.type() != Config.Type.OBJECT)
                .map(node -> node.key().toString())
                .filter(key -> !key.startsWith("events.") && !key.matches(".*\\.[0-9]+(\\..*)?$"))
                .toList();
    }

    /** Every Markdown page under docs/. */
    private static Stream<Path> pages() throws IOException {
        try (Stream<Path> walk = Files.walk(DOCS)) {
            return walk.filter(p -> p.toString().endsWith(".md")).sorted().toList().stream();
        }
    }

    /** The relative links of a page (web addresses left out), outside code blocks and code spans. */
    private static List<String> links(Path file) throws IOException {
        List<String> links = new ArrayList<>();
        boolean code = false;
        for (String line : Files.readAllLines(file)) {
            if (line.strip().startsWith("```")) {
                code = !code;
                continue;
            }
            if (code) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                String link = m.group(1);
                if (!link.matches("^[a-z]+:.*")) {
                    links.add(link);
                }
            }
        }
        return links;
    }

    /** The files a page links to, as paths from the repository root. */
    private static Set<Path> linkedFiles(Path file) throws IOException {
        Set<Path> linked = new HashSet<>();
        for (String link : links(file)) {
            int hash = link.indexOf('#');
            String target = hash < 0 ? link : link.substring(0, hash);
            if (!target.isEmpty()) {
                linked.add(file.resolveSibling(target).normalize());
            }
        }
        return linked;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        String text = Files.readString(page).replaceAll("(?s)```.*?```", "");
        Matcher m = HEADING.matcher(text);
        while (m.find()) {
            anchors.add(m.group(1).strip().toLowerCase(Locale.ROOT)
                                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                                .replace(' ', '-'));
        }
        return anchors;
    }
}
