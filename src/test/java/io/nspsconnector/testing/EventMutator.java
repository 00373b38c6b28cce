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
        Map<String, Object> event = (Map<String, Object>) JsonTrees.copy(bases.get(random.nextInt(bases.size())));
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
        slots.addAll(JsonTrees.places(event));
        Object[] slot = slots.get(random.nextInt(slots.size()));
        Object container = slot[0];
        Object key = slot[1];
        switch (random.nextInt(9)) {
        case 0 -> JsonTrees.remove(container, key);
        case 1 -> JsonTrees.set(container, key, randomValue(0));
        case 2 -> JsonTrees.set(container, key, weird());
        case 3 -> JsonTrees.set(container, key, random.nextBoolean() ? (Object) random.nextLong()
                : new BigDecimal(random.nextInt(1000) + "E" + (random.nextInt(800) - 400)));
        case 4 -> JsonTrees.set(container, key, "x".repeat(1 << (10 + random.nextInt(9))) + weird());
        case 5 -> JsonTrees.set(container, key, nested(20 + random.nextInt(3000)));
        case 6 -> {
            if (container instanceof Map<?, ?>) {
                JsonTrees.set(container, weird() + random.nextInt(100), randomValue(0));
            }
        }
        case 7 -> JsonTrees.set(container, key, NULL);
        default -> {
            if (container instanceof Map<?, ?> map && !map.isEmpty()) {
                JsonTrees.set(container, key, random.nextBoolean() ? List.of() : new LinkedHashMap<>());
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

    private static void write(StringBuilder out, Object value) {
        if (value == NULL || value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                JsonTrees.string(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            JsonTrees.list(out, list, EventMutator::write);
        } else if (value instanceof String s) {
            JsonTrees.string(out, s);
        } else {
            out.append(value);
        }
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
