package io.nspsconnector.nsps;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.JsonTrees;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Builds NSPS event bodies from the fixtures and a list of mutations, deterministically: the same fixture and the
 * same mutations give the same bytes (so that a seeded test can name and rebuild a failing body). Mutations on the
 * tree touch the fields the rules read as well as the enrichment around them; mutations on the text and the bytes
 * break the document itself.
 */
final class BodyMutations {

    /** The fixtures under {@code fixtures/nsps/}. */
    static final List<String> FIXTURES = List.of("access-policy-as-list", "account-id-without-msisdn-suffix",
            "bill-suspended", "blocked-account", "imsi-not-15-digits", "imsi-outside-regexp", "invalid-profile-value",
            "minimal-no-account-info", "missing-event-type", "no-access-policy", "no-imsi", "sim-created", "sim-deleted",
            "sim-replaced", "sim-updated-full", "sim-updated", "unknown-event-type");

    /** Number of tree mutation kinds ({@link Mutation#kind} is taken modulo this). */
    static final int TREE_KINDS = 14;
    /** Number of text and byte mutation kinds. */
    static final int BYTE_KINDS = 10;

    private static final List<Object> TREES = FIXTURES.stream()
            .map(name -> toTree(Fixtures.json(Fixtures.text("nsps/" + name + ".json")))).toList();

    /** The names of the fields the rules read, at any level. */
    private static final String[] READ = {"event_id", "created_at", "data", "event_type", "pb_data", "account_info",
            "sim_info", "prev_sim_info", "access_policy_info", "bill_status", "id", "blocked", "imsi", "msisdn",
            "attributes", "name", "value"};
    private static final String[] TEXTS = {"", " ", "é", "日本語", "\uD83D\uDE00", "\u0000", "\u2028", "null", "{}",
            "\"", "\\", "open", "SIM/Updated", "001010000020349", "79123456789@msisdn", "a".repeat(255),
            "a".repeat(256), "b".repeat(257), "é".repeat(256) + "x"};
    private static final String[] NUMBERS = {"0", "-0", "7", "1.5", "1e999", "-1E-999", "1e2147483647",
            "1e2147483648", "1e-2147483648", "1.5e-2147483647", "123456789012345678901234567890",
            "1".repeat(1100), "1".repeat(1101), "-" + "1".repeat(1099), "-" + "1".repeat(1100),
            "1." + "5".repeat(1098), "1." + "5".repeat(1099), "1e" + "0".repeat(1097) + "1"};
    /** Values written as raw text: escapes, literals and numbers at the edges of the grammar, valid and not. */
    private static final String[] RAW = {"\"\\u00e9\\/\\b\\f\\n\\r\\t\"", "\"\\ud800\"", "\"\\uDFFF\\uD800\"",
            "\"\\uD83D\\uDE00\"", "\"\\u0000\"", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"tab\there\"",
            "\"\u007f\u0085\u2028\"", "'x'", "tru", "nul", "True", "NaN", "Infinity", "-Infinity", "-", "01", "-01",
            "1.", ".5", "+1", "0x1F", "1e", "1e+", "-0.0e-0", "0E5", "1E+5", "[1,]", "{\"a\":1,}", "{,}", "[,1]",
            "/*c*/1", "\"a\"\"b\"", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{1:2}", "[\n1\r\n,\t2 ]",
            "{ \"a\" : [ ] , \"b\" : { } }"};
    private static final String[] TRAILERS = {" ", "\n\t\r ", "{}", " {}", "[]", "x", " x", "}", "]", ",", "null",
            "0", "\"\"", " // c"};
    private static final byte[][] BYTES = {
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80,
            (byte) 0x80}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xC3, (byte) 0xA9},
            {(byte) 0xE2, (byte) 0x82, (byte) 0xAC}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
            {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xED, (byte) 0x9F, (byte) 0xBF}, {(byte) 0xF4, (byte) 0x8F,
            (byte) 0xBF, (byte) 0xBF}, {0x01}, {0x7F}};

    private BodyMutations() {
    }

    /**
     * One mutation: its kind, where it applies and which variant, all as plain numbers a seeded generator draws.
     *
     * @param kind    the kind of mutation
     * @param where   picks the place (a field, a list element, a byte offset)
     * @param variant picks the replacement
     */
    record Mutation(int kind, int where, int variant) {
    }

    /** A JSON number (or any other raw text) written as given. */
    private record Number(String text) {
    }

    /** An object written with its entries as listed, a key possibly twice. */
    private record Entries(List<Map.Entry<String, Object>> entries) {
    }

    /** A list nested {@code depth} times (objects and lists in turn) around a string. */
    private record Deep(int depth) {
    }

    /**
     * The body.
     *
     * @param fixture   index into {@link #FIXTURES} (modulo its size)
     * @param tree      mutations of the parsed fixture
     * @param bytes     mutations of the rendered text
     * @return the body's bytes
     */
    static byte[] body(int fixture, List<Mutation> tree, List<Mutation> bytes) {
        Object root = JsonTrees.copy(TREES.get(Math.floorMod(fixture, TREES.size())));
        for (Mutation m : tree) {
            root = mutateTree(root, m);
        }
        byte[] body = render(root).getBytes(StandardCharsets.UTF_8);
        for (Mutation m : bytes) {
            body = mutateBytes(body, m);
        }
        return body;
    }

    private static Object mutateTree(Object root, Mutation m) {
        List<Object[]> slots = new ArrayList<>();
        slots.addAll(JsonTrees.places(root));
        if (slots.isEmpty()) {
            return root;
        }
        Object[] slot = slots.get(Math.floorMod(m.where(), slots.size()));
        Object container = slot[0];
        Object key = slot[1];
        int v = Math.abs(m.variant());
        switch (Math.floorMod(m.kind(), TREE_KINDS)) {
        case 0 -> JsonTrees.remove(container, key);
        case 1 -> JsonTrees.set(container, key, null);
        case 2 -> JsonTrees.set(container, key, scalar(v));
        case 3 -> JsonTrees.set(container, key, v % 2 == 0 ? new LinkedHashMap<>() : new ArrayList<>());
        case 4 -> {
            // an unknown field with nested objects and lists
            if (container instanceof Map<?, ?>) {
                JsonTrees.set(container, "x_" + (v % 5), nested(v));
            }
        }
        case 5 -> duplicate(container, key, v);
        case 6 -> accessPolicy(root, v);
        case 7 -> JsonTrees.set(container, key, new Deep(990 + v % 20));
        case 8 -> JsonTrees.set(container, key, TEXTS[v % TEXTS.length]);
        case 9 -> JsonTrees.set(container, key, new Number(NUMBERS[v % NUMBERS.length]));
        case 10 -> {
            // a field the rules read, placed where it belongs, of any type
            Map<String, Object> map = m.where() % 2 == 0 ? pbData(root, v) : asMap(container);
            if (map != null) {
                map.put(READ[(m.where() / 2) % READ.length], scalar(v));
            }
        }
        case 11, 12 -> mistype(root, m.where(), v);
        default -> {
            // the top level itself replaced: not an object
            return v % 3 == 0 ? new ArrayList<>(List.of(root)) : v % 3 == 1 ? TEXTS[v % TEXTS.length] : new Number("42");
        }
        }
        return root;
    }

    private static byte[] mutateBytes(byte[] body, Mutation m) {
        int at = body.length == 0 ? 0 : Math.floorMod(m.where(), body.length + 1);
        int v = Math.abs(m.variant());
        return switch (Math.floorMod(m.kind(), BYTE_KINDS)) {
            case 0 -> java.util.Arrays.copyOf(body, Math.max(1, Math.min(at, body.length)));
            case 1 -> concat(body, TRAILERS[v % TRAILERS.length].getBytes(StandardCharsets.UTF_8));
            case 2, 3 -> insert(body, at, BYTES[v % BYTES.length]);
            case 4 -> {
                if (body.length > 0) {
                    body[Math.min(at, body.length - 1)] = (byte) v;
                }
                yield body;
            }
            case 5 -> insert(body, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            case 6 -> v % 2 == 0 ? insert(body, 0, " \n\t".substring(0, 1 + v % 3).getBytes(StandardCharsets.UTF_8))
                    : spaced(body, v);
            case 7 -> {
                // a duplicate key in the text, wherever an object starts
                int brace = indexOf(body, (byte) '{', at);
                yield brace < 0 ? body : insert(body, brace + 1, "\"k\":1,\"k\":2,".getBytes(StandardCharsets.UTF_8));
            }
            case 8 -> insert(body, at, TEXTS[v % TEXTS.length].getBytes(StandardCharsets.UTF_8));
            default -> java.util.Arrays.copyOf(body, Math.max(0, body.length - 1 - v % 20));
        };
    }

    /** Paths of the fields the rules read, below the top level. */
    private static final String[][] PATHS = {{"event_id"}, {"created_at"}, {"data"}, {"data", "event_type"}, {"pb_data"},
            {"pb_data", "account_info"}, {"pb_data", "account_info", "bill_status"}, {"pb_data", "account_info", "id"},
            {"pb_data", "account_info", "blocked"}, {"pb_data", "sim_info"}, {"pb_data", "sim_info", "imsi"},
            {"pb_data", "sim_info", "msisdn"}, {"pb_data", "prev_sim_info"}, {"pb_data", "prev_sim_info", "imsi"},
            {"pb_data", "access_policy_info"}};

    /** Gives several of the fields the rules read other values (of any type), each picked by a bit of {@code bits}. */
    @SuppressWarnings("unchecked")
    private static void mistype(Object root, int where, int bits) {
        for (int i = 0; i < PATHS.length; i++) {
            if ((bits >> i & 1) == 0 || !(root instanceof Map<?, ?>)) {
                continue;
            }
            Object node = root;
            String[] path = PATHS[i];
            for (int k = 0; k < path.length - 1 && node != null; k++) {
                node = node instanceof Map<?, ?> map ? map.get(path[k]) : null;
            }
            Map<String, Object> parent = asMap(node);
            if (parent != null) {
                parent.put(path[path.length - 1], scalar(where + i * 3));
            }
        }
    }

    /** Whitespace of every kind after each comma or colon (inside strings too, which changes their text only). */
    private static byte[] spaced(byte[] body, int v) {
        String[] spaces = {"\r\n", "\t", " \n  ", "\n\t\r "};
        byte[] space = spaces[v % spaces.length].getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 2);
        for (byte b : body) {
            out.write(b);
            if (b == ',' || b == ':') {
                out.write(space, 0, space.length);
            }
        }
        return out.toByteArray();
    }

    private static Object scalar(int v) {
        return switch (v % 8) {
            case 0 -> TEXTS[(v / 8) % TEXTS.length];
            case 1 -> new Number(NUMBERS[(v / 8) % NUMBERS.length]);
            case 2 -> Boolean.TRUE;
            case 3 -> Boolean.FALSE;
            case 4 -> null;
            case 5 -> new ArrayList<>(List.of("x", 1 == v % 2));
            case 6 -> new Number(RAW[(v / 8) % RAW.length]);
            default -> new LinkedHashMap<>(Map.of("imsi", "001010000020349"));
        };
    }

    private static Object nested(int v) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("a", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("b", "c")), new ArrayList<>())));
        inner.put("event_id", v);
        inner.put("imsi", new Number(NUMBERS[v % NUMBERS.length]));
        return v % 2 == 0 ? inner : new ArrayList<>(List.of(inner, "x", new ArrayList<>(List.of(inner))));
    }

    /** Writes one key of an object twice (or, for a list, nothing). */
    @SuppressWarnings("unchecked")
    private static void duplicate(Object container, Object key, int v) {
        if (!(container instanceof Map<?, ?> map) || !(key instanceof String name)) {
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        ((Map<String, Object>) map).forEach((k, value) -> entries.add(new java.util.AbstractMap.SimpleEntry<>(k, value)));
        entries.add(v % entries.size(), new java.util.AbstractMap.SimpleEntry<>(name, v % 2 == 0 ? null : "dup"));
        Entries written = new Entries(entries);
        ((Map<String, Object>) map).clear();
        ((Map<String, Object>) map).put("\u0000entries", written);
    }

    private static void accessPolicy(Object root, int v) {
        Map<String, Object> pb = pbData(root, 0);
        if (pb == null) {
            return;
        }
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("group_name", "g");
        attribute.put("name", v % 5 == 0 ? null : "cs_profile");
        attribute.put("value", v % 7 == 0 ? new Number("5") : "cs-pp-20250319");
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("i_access_policy", v);
        policy.put("attributes", switch (v % 4) {
            case 0 -> new ArrayList<>(List.of(attribute));
            case 1 -> "cs_profile";
            case 2 -> new ArrayList<>(java.util.Arrays.asList(null, attribute, "x", new ArrayList<>()));
            default -> null;
        });
        Object value = switch ((v / 4) % 6) {
            case 0 -> policy;
            case 1 -> new ArrayList<>(List.of(policy, policy));
            case 2 -> new ArrayList<>(java.util.Arrays.asList(null, policy, 7, new ArrayList<>(List.of(policy))));
            case 3 -> "179";
            case 4 -> new Number("179");
            default -> new ArrayList<>();
        };
        pb.put("access_policy_info", value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object container) {
        return container instanceof Map<?, ?> map && !map.containsKey("\u0000entries") ? (Map<String, Object>) map : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> pbData(Object root, int v) {
        if (!(root instanceof Map<?, ?> map)) {
            return null;
        }
        Object pb = ((Map<String, Object>) map).get("pb_data");
        if (!(pb instanceof Map<?, ?>)) {
            pb = new LinkedHashMap<String, Object>();
            ((Map<String, Object>) map).put("pb_data", pb);
        }
        Map<String, Object> pbMap = (Map<String, Object>) pb;
        if (v % 3 == 1 && pbMap.get("account_info") instanceof Map<?, ?> account) {
            return (Map<String, Object>) account;
        }
        if (v % 3 == 2 && pbMap.get("sim_info") instanceof Map<?, ?> sim) {
            return (Map<String, Object>) sim;
        }
        return pbMap;
    }

    private static byte[] insert(byte[] body, int at, byte[] bytes) {
        int i = Math.min(at, body.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + bytes.length);
        out.write(body, 0, i);
        out.write(bytes, 0, bytes.length);
        out.write(body, i, body.length - i);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return insert(a, a.length, b);
    }

    private static int indexOf(byte[] body, byte b, int from) {
        for (int i = Math.min(from, body.length); i < body.length; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        for (int i = 0; i < Math.min(from, body.length); i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static Object toTree(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) value).forEach((k, v) -> map.put(k, toTree(v)));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                ((JsonArray) value).forEach(v -> list.add(toTree(v)));
                yield list;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> new Number(((JsonNumber) value).bigDecimalValue().toString());
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    /** The text of a tree. */
    static String render(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("\u0000entries") instanceof Entries entries) {
                write(out, entries);
                return;
            }
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add(new java.util.AbstractMap.SimpleEntry<>((String) k, v)));
            write(out, new Entries(entries));
        } else if (value instanceof Entries entries) {
            out.append('{');
            for (int i = 0; i < entries.entries().size(); i++) {
                out.append(i == 0 ? "" : ",");
                JsonTrees.string(out, entries.entries().get(i).getKey());
                out.append(':');
                write(out, entries.entries().get(i).getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            JsonTrees.list(out, list, BodyMutations::write);
        } else if (value instanceof Deep deep) {
            for (int i = 0; i < deep.depth(); i++) {
                out.append(i % 2 == 0 ? "[" : "{\"d\":");
            }
            out.append("\"deep\"");
            for (int i = deep.depth() - 1; i >= 0; i--) {
                out.append(i % 2 == 0 ? "]" : "}");
            }
        } else if (value instanceof String s) {
            JsonTrees.string(out, s);
        } else if (value instanceof Number n) {
            out.append(n.text());
        } else if (value instanceof BigDecimal || value instanceof Integer || value instanceof Boolean) {
            out.append(value);
        } else {
            throw new IllegalArgumentException(value.getClass().getName());
        }
    }

}
