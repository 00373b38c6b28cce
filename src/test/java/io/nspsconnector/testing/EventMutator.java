package io.nspsconnector.testing;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Generates NSPS event bodies and breaks them, reproducibly from a seed: a documented event (one of the fixtures,
 * with a fresh id) goes through one to three mutations - a field of the wrong type, a field removed, fields added,
 * huge strings, deep nesting, unicode (including unpaired surrogates and control characters), numbers where strings
 * belong, duplicate keys, truncated or garbled text, invalid UTF-8, a byte-order mark.
 */
public final class EventMutator {

    private static final String[] BASES = {"sim-updated", "sim-updated-full", "sim-replaced", "sim-created",
            "sim-deleted", "access-policy-as-list", "blocked-account", "bill-suspended", "no-access-policy",
            "minimal-no-account-info", "account-id-without-msisdn-suffix"};
    private static final Object NULL = new Object();
    private static final String[] WEIRD = {"", " ", "\u0000", "\u202e79123", "\u200b", "\uD83D\uDE00", "\uD800",
            "\uDFFF", "é", "日本語", "null", "true", "{}", "[]", "\"", "\\", "1e999", "-0", "0x1F", "%s%n",
            "<script>", "'; DROP TABLE", "\r\n", "001010000020349", "79123456789@msisdn", "@msisdn", "open",
            "SIM/Updated", "cs-pp-20250319", "a".repeat(300)};

    private final SplittableRandom random;
    private final List<Map<String, Object>> bases = new ArrayList<>();

    /**
     * @param seed seed; the same seed gives the same bodies
     */
    public EventMutator(long seed) {
        this.random = new SplittableRandom(seed);
        for (String base : BASES) {
            bases.add(toTree(Fixtures.json(Fixtures.text("nsps/" + base + ".json"))));
        }
    }

    /** A valid event with a fresh id: the tree, to mutate or render. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> valid() {
        Map<String, Object> event = (Map<String, Object>) copy(bases.get(random.nextInt(bases.size())));
        event.put("event_id", "fuzz-" + Long.toHexString(random.nextLong()));
        return event;
    }

    /** A valid event broken by one to three mutations, as the bytes of a request body. */
    public byte[] mutated() {
        Map<String, Object> event = valid();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            mutateTree(event);
        }
        String text = render(event);
        return random.nextInt(8) == 0 ? mutateText(text) : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Renders a tree as JSON text. */
    public static String render(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private void mutateTree(Map<String, Object> event) {
        List<Object[]> slots = new ArrayList<>();
        collect(event, slots, 0);
        Object[] slot = slots.get(random.nextInt(slots.size()));
        Object container = slot[0];
        Object key = slot[1];
        switch (random.nextInt(9)) {
        case 0 -> remove(container, key);
        case 1 -> set(container, key, randomValue(0));
        case 2 -> set(container, key, weird());
        case 3 -> set(container, key, random.nextBoolean() ? (Object) random.nextLong()
                : new BigDecimal(random.nextInt(1000) + "E" + (random.nextInt(800) - 400)));
        case 4 -> set(container, key, "x".repeat(1 << (10 + random.nextInt(9))) + weird());
        case 5 -> set(container, key, nested(20 + random.nextInt(3000)));
        case 6 -> {
            if (container instanceof Map<?, ?>) {
                set(container, weird() + random.nextInt(100), randomValue(0));
            }
        }
        case 7 -> set(container, key, NULL);
        default -> {
            if (container instanceof Map<?, ?> map && !map.isEmpty()) {
                set(container, key, random.nextBoolean() ? List.of() : new LinkedHashMap<>());
            }
        }
        }
    }

    private byte[] mutateText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(7)) {
            case 0 -> java.util.Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length)));
            case 1 -> {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                yield bytes;
            }
            case 2 -> (text + (random.nextBoolean() ? "}" : " {\"x\":1}")).getBytes(StandardCharsets.UTF_8);
            case 3 -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
            case 4 -> text.replaceFirst("\\{", "{\"event_id\":\"dup\",").getBytes(StandardCharsets.UTF_8);
            case 5 -> new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'};
            default -> random.nextBoolean() ? "[]".getBytes(StandardCharsets.UTF_8)
                    : ("\"" + text.length() + "\"").getBytes(StandardCharsets.UTF_8);
        };
    }

    private Object randomValue(int depth) {
        return switch (random.nextInt(depth > 3 ? 5 : 7)) {
            case 0 -> weird();
            case 1 -> random.nextInt();
            case 2 -> random.nextBoolean();
            case 3 -> NULL;
            case 4 -> random.nextDouble() * 1e12;
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(weird() + i, randomValue(depth + 1));
                }
                yield map;
            }
        };
    }

    private String weird() {
        return WEIRD[random.nextInt(WEIRD.length)];
    }

    private static Object nested(int depth) {
        Object value = "deep";
        for (int i = 0; i < depth; i++) {
            value = i % 2 == 0 ? new ArrayList<>(List.of(value)) : new LinkedHashMap<>(Map.of("d", value));
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, List<Object[]> slots, int depth) {
        if (depth > 6) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Object key : new ArrayList<>(map.keySet())) {
                slots.add(new Object[] {node, key});
                collect(map.get(key), slots, depth + 1);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                slots.add(new Object[] {node, i});
                collect(list.get(i), slots, depth + 1);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Object container, Object key, Object value) {
        if (container instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).put(key, value);
        } else if (container instanceof List<?> list && key instanceof Integer i && i < list.size()) {
            ((List<Object>) list).set(i, value);
        }
    }

    private static void remove(Object container, Object key) {
        if (container instanceof Map<?, ?> map) {
            map.remove(key);
        } else if (container instanceof List<?> list && key instanceof Integer i && i < list.size()) {
            list.remove((int) i);
        }
    }

    private static Map<String, Object> toTree(JsonObject json) {
        Map<String, Object> map = new LinkedHashMap<>();
        json.forEach((k, v) -> map.put(k, toTree(v)));
        return map;
    }

    private static Object toTree(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> toTree(value.asJsonObject());
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                ((JsonArray) value).forEach(v -> list.add(toTree(v)));
                yield list;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).bigDecimalValue();
            case TRUE -> true;
            case FALSE -> false;
            case NULL -> NULL;
        };
    }

    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, copy(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }

    private static void write(StringBuilder out, Object value) {
        if (value == NULL || value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof String s) {
            string(out, s);
        } else {
            out.append(value);
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** Parses a WTL request body the fake received, or null if it is not a JSON object. */
    public static JsonObject parse(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
