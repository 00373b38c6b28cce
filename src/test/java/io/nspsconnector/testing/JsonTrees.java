package io.nspsconnector.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Plain JSON trees (maps, lists, values) for the generated-input tests: every place in a tree that a mutation can
 * change, changing or removing one, a deep copy, and a JSON string literal.
 */
public final class JsonTrees {

    private JsonTrees() {
    }

    /**
     * Every place of a tree down to six levels, as {container, key or index}, in document order.
     *
     * @param root the tree
     * @return the places
     */
    public static List<Object[]> places(Object root) {
        List<Object[]> places = new ArrayList<>();
        collect(root, places, 0);
        return places;
    }

    private static void collect(Object node, List<Object[]> places, int depth) {
        if (depth > 6) {
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Object key : new ArrayList<>(map.keySet())) {
                places.add(new Object[] {node, key});
                collect(map.get(key), places, depth + 1);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                places.add(new Object[] {node, i});
                collect(list.get(i), places, depth + 1);
            }
        }
    }

    /**
     * Sets a map's key or a list's element (an index past the end is left alone).
     *
     * @param container map or list
     * @param key       key or index
     * @param value     new value
     */
    @SuppressWarnings("unchecked")
    public static void set(Object container, Object key, Object value) {
        if (container instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).put(key, value);
        } else if (container instanceof List<?> list && key instanceof Integer i && i < list.size()) {
            ((List<Object>) list).set(i, value);
        }
    }

    /**
     * Removes a map's key or a list's element (an index past the end is left alone).
     *
     * @param container map or list
     * @param key       key or index
     */
    public static void remove(Object container, Object key) {
        if (container instanceof Map<?, ?> map) {
            map.remove(key);
        } else if (container instanceof List<?> list && key instanceof Integer i && i < list.size()) {
            list.remove((int) i);
        }
    }

    /**
     * @param value a tree
     * @return a copy whose maps and lists are new (and mutable), the values shared
     */
    public static Object copy(Object value) {
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

    /**
     * Appends a JSON string literal: quotes and backslashes escaped, control characters as {@code \\u00XX}.
     *
     * @param out where to
     * @param s   the text
     */
    public static void string(StringBuilder out, String s) {
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

    /**
     * Appends a JSON array, each element written by the caller's writer.
     *
     * @param out     where to
     * @param list    the elements
     * @param element writes one element
     */
    public static void list(StringBuilder out, List<?> list, BiConsumer<StringBuilder, Object> element) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            out.append(i == 0 ? "" : ",");
            element.accept(out, list.get(i));
        }
        out.append(']');
    }
}
