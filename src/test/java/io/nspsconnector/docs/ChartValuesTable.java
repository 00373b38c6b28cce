package io.nspsconnector.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The values table of the chart README, made from {@code values.yaml}: one row per key that has a {@code # --}
 * comment above it (its description), with the type and default of its value in {@code values.yaml}. A key left
 * commented out as the last line of its description ({@code # minAvailable: 1}, followed by another description
 * or a shallower line) is an optional key: its row says "unset" and shows the example. Lines of a description
 * indented further ({@code #   key: value}) are its example.
 */
final class ChartValuesTable {

    static final Path CHART = Path.of("helm", "nsps-connector");
    static final Path VALUES = CHART.resolve("values.yaml");
    static final Path README = CHART.resolve("README.md");
    static final Path MAPPINGS = Path.of("config", "mappings.yaml");
    static final String START = "<!-- values table: generated from values.yaml by ChartReadmeTest -->";
    static final String END = "<!-- end of values table -->";
    static final String SHIPPED_MAPPINGS = "the shipped [`config/mappings.yaml`](../../config/mappings.yaml)";
    static final String UNSET = "unset";

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_.-]+):(.*)$");
    private static final Pattern COMMENT = Pattern.compile("^( *)#(.*)$");
    private static final Pattern OPTIONAL_KEY = Pattern.compile("^ ([a-z][A-Za-z0-9]*): (\\S.*)$");

    /** One documented key: its dotted path, whether it is an optional (commented-out) key, and its description. */
    record Row(String key, boolean optional, String example, String description) {
    }

    private ChartValuesTable() {
    }

    /** The documented keys of values.yaml, in file order. */
    static List<Row> rows(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        Deque<Map.Entry<Integer, String>> path = new ArrayDeque<>();
        StringBuilder text = null;
        List<String> example = new ArrayList<>();
        int commentIndent = -1;
        int blockIndent = -1; // inside a block scalar or a list below the key at this indentation
        for (int at = 0; at < lines.size(); at++) {
            String line = lines.get(at);
            int indent = line.length() - line.stripLeading().length();
            if (line.isBlank()) {
                continue;
            }
            if (blockIndent >= 0) {
                if (indent > blockIndent || line.stripLeading().startsWith("- ") && indent == blockIndent) {
                    continue;
                }
                blockIndent = -1;
            }
            Matcher comment = COMMENT.matcher(line);
            if (comment.matches()) {
                String body = comment.group(2);
                if (body.startsWith(" -- ")) {
                    text = new StringBuilder(body.substring(4).strip());
                    example.clear();
                    commentIndent = indent;
                } else if (text != null && indent == commentIndent) {
                    Matcher optional = OPTIONAL_KEY.matcher(body);
                    if (optional.matches() && endsBlock(lines, at, indent)) {
                        rows.add(new Row(prefix(path, indent) + optional.group(1), true, optional.group(2),
                                         describe(text, example)));
                        text = null;
                    } else if (body.startsWith("   ")) {
                        example.add(body.substring(1).stripTrailing());
                    } else {
                        text.append(' ').append(body.strip());
                    }
                } else {
                    text = null;
                }
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (!key.matches()) {
                continue;
            }
            while (!path.isEmpty() && path.peek().getKey() >= indent) {
                path.pop();
            }
            String name = prefix(path, indent) + key.group(2);
            if (text != null && indent == commentIndent) {
                rows.add(new Row(name, false, null, describe(text, example)));
            }
            text = null;
            String rest = key.group(3).strip();
            if (rest.isEmpty()) {
                path.push(Map.entry(indent, key.group(2)));
                // a key with nothing after it may open a list: its items are skipped, they are its value
                blockIndent = listOpener(lines, at) ? indent : -1;
            } else if (rest.startsWith("|") || rest.startsWith(">")) {
                blockIndent = indent;
            }
        }
        return rows;
    }

    /** Whether the line after {@code at} ends a description block: a new description, or a shallower line. */
    private static boolean endsBlock(List<String> lines, int at, int indent) {
        for (int i = at + 1; i < lines.size(); i++) {
            String next = lines.get(i);
            if (next.isBlank()) {
                continue;
            }
            int nextIndent = next.length() - next.stripLeading().length();
            return nextIndent < indent || nextIndent == indent && next.stripLeading().startsWith("# -- ");
        }
        return true;
    }

    private static boolean listOpener(List<String> lines, int at) {
        for (int i = at + 1; i < lines.size(); i++) {
            String next = lines.get(i).strip();
            if (next.isEmpty() || next.startsWith("#")) {
                continue;
            }
            return next.startsWith("- ");
        }
        return false;
    }

    private static String prefix(Deque<Map.Entry<Integer, String>> path, int indent) {
        StringBuilder b = new StringBuilder();
        path.descendingIterator().forEachRemaining(e -> {
            if (e.getKey() < indent) {
                b.append(e.getValue()).append('.');
            }
        });
        return b.toString();
    }

    private static String describe(StringBuilder text, List<String> example) {
        // angle brackets in the text (<release>, <host>) would be read as HTML; examples are code spans
        StringBuilder b = new StringBuilder(text.toString().replace("<", "&lt;").replace(">", "&gt;"));
        int base = example.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        for (String line : example) {
            // the example's own indentation kept as no-break spaces, which a code span shows as they are
            String indent = "\u00a0".repeat(line.length() - line.stripLeading().length() - base);
            b.append("<br>`").append(indent).append(line.strip()).append('`');
        }
        return b.toString();
    }

    /** values.yaml as a tree. */
    static Map<String, Object> values() throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(VALUES));
    }

    /** The value at a dotted path, or {@code MISSING}. */
    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> tree, String key) {
        Object node = tree;
        for (String part : key.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(part)) {
                return MISSING;
            }
            node = ((Map<String, Object>) map).get(part);
        }
        return node;
    }

    /** Marks a path that values.yaml does not have. */
    static final Object MISSING = new Object();

    /** The type column for a value. */
    static String type(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "string";
            case Boolean b -> "bool";
            case Integer i -> "int";
            case Long l -> "int";
            case Double d -> "float";
            case List<?> l -> "list";
            case Map<?, ?> m -> "object";
            default -> value.getClass().getSimpleName();
        };
    }

    /** A value written as JSON (which the YAML loader reads back as the same value). */
    static String json(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> quote(s);
            case List<?> list -> {
                List<String> items = new ArrayList<>();
                list.forEach(item -> items.add(json(item)));
                yield "[" + String.join(", ", items) + "]";
            }
            case Map<?, ?> map -> {
                List<String> items = new ArrayList<>();
                map.forEach((k, v) -> items.add(quote(String.valueOf(k)) + ": " + json(v)));
                yield "{" + String.join(", ", items) + "}";
            }
            default -> String.valueOf(value);
        };
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The Markdown table, header included. */
    static String table() throws IOException {
        Map<String, Object> values = values();
        String shipped = Files.readString(MAPPINGS);
        Map<String, String> lines = new LinkedHashMap<>();
        for (Row row : rows(Files.readAllLines(VALUES))) {
            String type;
            String dflt;
            if (row.optional()) {
                Object example = new Yaml(new SafeConstructor(new LoaderOptions())).load(row.example());
                type = type(example);
                dflt = UNSET;
            } else {
                Object value = at(values, row.key());
                type = type(value);
                dflt = shipped.equals(value) ? SHIPPED_MAPPINGS : "`" + json(value).replace("|", "\\|") + "`";
            }
            String description = row.description().replace("|", "\\|");
            if (row.optional()) {
                description += " For example: `" + row.example().replace("|", "\\|") + "`.";
            }
            lines.put(row.key(), "| `" + row.key() + "` | " + type + " | " + dflt + " | " + description + " |");
        }
        return "| Key | Type | Default | Description |\n|---|---|---|---|\n" + String.join("\n", lines.values()) + "\n";
    }

    /** The README with its table section replaced by {@code table}. */
    static String withTable(String readme, String table) {
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException(README + " has no " + START + " ... " + END + " section");
        }
        return readme.substring(0, start + START.length()) + "\n" + table + readme.substring(end);
    }
}
