package io.nspsconnector.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.helidon.config.Config;

/**
 * Strict typed reads of a configuration tree. No getter throws: a value of the wrong type, out of range, or a
 * boolean other than {@code true}/{@code false} is recorded as a {@link Problem} under its full key and the default
 * is returned, so that one pass lists every problem. Every key read (or declared free-form) is remembered;
 * {@link #unknownKeys(String)} then reports what the file sets but nothing reads, e.g. a misspelt key.
 */
public final class SettingsReader {

    private final Config root;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> known = new TreeSet<>();
    private final Set<String> freeForm = new TreeSet<>();
    private final Set<String> values = new TreeSet<>();

    /**
     * @param root root of the tree; keys are given from it ({@code connector.wtl.retry.attempts})
     */
    public SettingsReader(Config root) {
        this.root = root;
    }

    /** The problems recorded so far. */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /**
     * Records a problem.
     *
     * @param severity how bad
     * @param key      full key or variable name
     * @param message  what is wrong
     */
    public void problem(Problem.Severity severity, String key, String message) {
        problems.add(new Problem(severity, key, message));
    }

    /**
     * Records an error.
     *
     * @param key     full key or variable name
     * @param message what is wrong
     */
    public void error(String key, String message) {
        problem(Problem.Severity.ERROR, key, message);
    }

    /**
     * Adds problems found elsewhere.
     *
     * @param more problems
     */
    public void addAll(List<Problem> more) {
        problems.addAll(more);
    }

    /**
     * The node of a key, remembered as known.
     *
     * @param key full key
     * @return the node (perhaps missing)
     */
    public Config node(String key) {
        known.add(key);
        return root.get(key);
    }

    /**
     * Declares a subtree whose content is not the connector's to check (handed to a library as it is).
     *
     * @param key full key
     * @return the node
     */
    public Config freeForm(String key) {
        freeForm.add(key);
        return node(key);
    }

    /**
     * @param key full key
     * @return whether the file sets it
     */
    public boolean exists(String key) {
        return node(key).exists();
    }

    /**
     * A single value as text, if the key is set to one. A map or list where a value belongs is a problem.
     *
     * @param key full key
     * @return the text, empty if absent or not a single value
     */
    public Optional<String> raw(String key) {
        values.add(key);
        Config node = node(key);
        if (!node.exists()) {
            return Optional.empty();
        }
        if (node.type() == Config.Type.OBJECT && node.hasValue()) {
            // a value with keys below it: environment variables made both (SERVER_PORT and SERVER_PORT_80_TCP, the
            // service links Kubernetes injects for a Service named "server"); the value is the setting
            try {
                return node.asString().asOptional();
            } catch (RuntimeException e) {
                error(key, "cannot be read: " + e.getMessage());
                return Optional.empty();
            }
        }
        if (node.type() != Config.Type.VALUE) {
            error(key, "must be a single value, not a " + (node.type() == Config.Type.LIST ? "list" : "map"));
            return Optional.empty();
        }
        try {
            return node.asString().asOptional();
        } catch (RuntimeException e) {
            error(key, "cannot be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * @param key      full key
     * @param fallback value when absent
     * @return the text, or the fallback
     */
    public String string(String key, String fallback) {
        return raw(key).orElse(fallback);
    }

    /**
     * @param key      full key
     * @param fallback value when absent or wrong
     * @param min      smallest allowed
     * @param max      largest allowed
     * @return the number, or the fallback
     */
    public int integer(String key, int fallback, int min, int max) {
        return (int) longValue(key, fallback, min, max);
    }

    /**
     * @param key      full key
     * @param fallback value when absent or wrong
     * @param min      smallest allowed
     * @param max      largest allowed
     * @return the number, or the fallback
     */
    public long longValue(String key, long fallback, long min, long max) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.get().strip());
        } catch (NumberFormatException e) {
            error(key, "'" + raw.get() + "' is not a whole number");
            return fallback;
        }
        if (value < min || value > max) {
            error(key, "must be " + range(min, max) + " (is " + value + ")");
            return fallback;
        }
        return value;
    }

    /**
     * @param key      full key
     * @param fallback value when absent or wrong
     * @param min      smallest allowed
     * @param max      largest allowed
     * @return the number, or the fallback
     */
    public double decimal(String key, double fallback, double min, double max) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(raw.get().strip());
        } catch (NumberFormatException e) {
            error(key, "'" + raw.get() + "' is not a number");
            return fallback;
        }
        if (!(value >= min && value <= max)) {
            error(key, "must be between " + min + " and " + max + " (is " + raw.get().strip() + ")");
            return fallback;
        }
        return value;
    }

    /**
     * Only {@code true} or {@code false} (any case); anything else is a problem.
     *
     * @param key      full key
     * @param fallback value when absent or wrong
     * @return the value
     */
    public boolean bool(String key, boolean fallback) {
        return raw(key).map(v -> parseBoolean(key, v, fallback)).orElse(fallback);
    }

    /**
     * Parses {@code true} or {@code false} (any case), recording anything else as a problem under {@code key}.
     *
     * @param key      key or variable name
     * @param value    text
     * @param fallback value when wrong
     * @return the value
     */
    public boolean parseBoolean(String key, String value, boolean fallback) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        error(key, "'" + value + "' is not a boolean (true or false)");
        return fallback;
    }

    /**
     * A positive ISO-8601 duration.
     *
     * @param key      full key
     * @param fallback value when absent or wrong
     * @return the duration
     */
    public Duration duration(String key, Duration fallback) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        Duration d;
        try {
            d = Duration.parse(raw.get().strip());
        } catch (DateTimeParseException e) {
            error(key, "not a duration (ISO-8601, e.g. PT2S or PT0.5S)");
            return fallback;
        }
        if (d.isNegative() || d.isZero()) {
            error(key, "must be positive");
            return fallback;
        }
        return d;
    }

    /**
     * A URI (syntax only).
     *
     * @param key full key
     * @return the URI, empty when absent or not a URI
     */
    public Optional<URI> uri(String key) {
        Optional<String> raw = raw(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(raw.get().strip()));
        } catch (java.net.URISyntaxException e) {
            error(key, "not a valid URI");
            return Optional.empty();
        }
    }

    /**
     * A list of texts; a single value counts as a list of one.
     *
     * @param key      full key
     * @param fallback value when absent or wrong
     * @return the texts
     */
    public List<String> strings(String key, List<String> fallback) {
        values.add(key);
        Config node = node(key);
        if (!node.exists()) {
            return fallback;
        }
        if (node.type() == Config.Type.VALUE) {
            return raw(key).map(List::of).orElse(fallback);
        }
        if (node.type() != Config.Type.LIST) {
            error(key, "must be a list, not a map");
            return fallback;
        }
        List<String> values = new ArrayList<>();
        for (Config item : node.asNodeList().orElse(List.of())) {
            String itemKey = key + "[" + item.name() + "]";
            if (item.type() != Config.Type.VALUE) {
                error(itemKey, "must be a single value");
                continue;
            }
            item.asString().ifPresent(values::add);
        }
        return values;
    }

    /**
     * A list of whole numbers, each within a range.
     *
     * @param key      full key
     * @param fallback value when absent
     * @param min      smallest allowed
     * @param max      largest allowed
     * @return the numbers (the wrong ones left out)
     */
    public List<Integer> integers(String key, List<Integer> fallback, int min, int max) {
        if (!node(key).exists()) {
            return fallback;
        }
        List<Integer> values = new ArrayList<>();
        for (String item : strings(key, List.of())) {
            try {
                int value = Integer.parseInt(item.strip());
                if (value < min || value > max) {
                    error(key, "must list numbers " + range(min, max) + " (has " + value + ")");
                } else {
                    values.add(value);
                }
            } catch (NumberFormatException e) {
                error(key, "'" + item + "' is not a whole number");
            }
        }
        return values;
    }

    /** Every key read or declared so far, sorted. */
    public Set<String> knownKeys() {
        return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(known));
    }

    /**
     * Reports every key under {@code under} that nothing read, as an error with a hint at the closest known key.
     * Call it after all reads. Keys under a {@linkplain #freeForm free-form} subtree, the items of a read list and
     * whatever is under a key read as a value (reported there as of the wrong type) are not reported.
     *
     * Keys that environment variables add through Helidon's mapping ({@code CONNECTOR_X_Y} appears as
     * {@code connector.x.y}) are not reported: the environment of a pod holds other programs' variables too (e.g.
     * Kubernetes' {@code <SERVICE>_PORT}), and a key meant that way is read when it is spelt right.
     *
     * @param under    full key of the subtree to check
     * @param envNames names of the environment variables
     */
    public void unknownKeys(String under, Set<String> envNames) {
        Set<String> fromEnv = new TreeSet<>();
        envNames.forEach(n -> fromEnv.add(envForm(n)));
        Config top = root.get(under);
        if (!top.exists() || top.type() != Config.Type.OBJECT) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        top.traverse().forEach(node -> {
            String key = node.key().toString();
            String form = envForm(key);
            boolean environment = fromEnv.stream().anyMatch(e -> e.equals(form) || e.startsWith(form + "_"));
            if (!environment && !isKnown(key) && unknown.stream().noneMatch(u -> key.startsWith(u + "."))) {
                unknown.add(key);
            }
        });
        for (String key : unknown) {
            error(key, "unknown key" + hint(key));
        }
    }

    private static String envForm(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }

    private boolean isKnown(String key) {
        if (known.contains(key)) {
            return true;
        }
        for (String k : known) {
            if (k.startsWith(key + ".")) {
                return true; // a parent of a known key
            }
        }
        for (String k : known) {
            if (key.startsWith(k + ".") && (freeForm.contains(k) || values.contains(k))) {
                return true;
            }
        }
        return false;
    }

    private String hint(String key) {
        int dot = key.lastIndexOf('.');
        String parent = dot < 0 ? "" : key.substring(0, dot + 1);
        String name = key.substring(dot + 1);
        List<String> siblings = known.stream()
                .filter(k -> k.startsWith(parent) && k.length() > parent.length())
                .map(k -> k.substring(parent.length()).split("\\.")[0])
                .distinct()
                .toList();
        return didYouMean(name, siblings).map(s -> " (did you mean " + parent + s + "?)").orElse("");
    }

    /**
     * The closest of some names to a misspelt one, if close enough to be a likely typo.
     *
     * @param name       the name given
     * @param candidates the names allowed
     * @return the closest, if any is within a few edits
     */
    public static Optional<String> didYouMean(String name, java.util.Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(name.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return "at least " + min;
        }
        return "between " + min + " and " + max;
    }
}
