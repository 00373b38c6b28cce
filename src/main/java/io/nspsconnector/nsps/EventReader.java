package io.nspsconnector.nsps;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.nspsconnector.errors.ConnectorError.InvalidEvent;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.json.StrictJson;

/**
 * Reads an NSPS event body in one streaming pass over its bytes, keeping only the values of the fields the rules
 * read (see {@link EventValidator}) and stepping over everything else without building it.
 * <p>
 * It is as strict as the tree parser it replaces ({@link StrictJson#parseObject}): strict UTF-8, exactly one
 * object, no duplicate key anywhere (also in the parts stepped over), nesting below 1000 levels, no number longer
 * than 1100 characters or with an exponent a {@link BigDecimal} cannot hold. A body that does not start with an
 * object is never an event; its reason is the tree parser's, word for word.
 * <p>
 * Locations in {@code is not valid JSON (line L, column C)} are the streaming parser's: it counts columns in bytes
 * and points at the token it refused, so they may differ from the tree parser's (which counts characters); the
 * words before them are the same.
 */
final class EventReader {

    /** Deepest nesting the tree parser accepts (its limit of 1000 refuses the 1000th level). */
    static final int MAX_DEPTH = 999;
    /** Longest number the tree parser accepts, in characters (sign, point and exponent included). */
    static final int MAX_NUMBER_LENGTH = 1100;

    // thread-safe once built; its name table is shared by all parsers it creates. Its buffers come from one
    // bounded pool for the process: the default pool keeps them per thread, and each request has a virtual thread
    // of its own, so they would be allocated afresh for every event
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .recyclerPool(JsonRecyclerPools.sharedBoundedPool())
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                                           .maxNestingDepth(MAX_DEPTH)
                                           .maxNumberLength(MAX_NUMBER_LENGTH)
                                           // a string or a name cannot be longer than the body, which the
                                           // server bounds (connector.max-body-size); the tree parser has no
                                           // limit of its own, so none is added here
                                           .maxStringLength(Integer.MAX_VALUE)
                                           .maxNameLength(Integer.MAX_VALUE)
                                           .build())
            .build();

    private static final Shape SCALAR = new Shape(new String[0], new Shape[0], null);
    private static final Shape SIM = object(new String[] {"imsi", "msisdn"}, SCALAR, SCALAR);
    private static final Shape ATTRIBUTE = object(new String[] {"name", "value"}, SCALAR, SCALAR);
    private static final Shape ATTRIBUTES = new Shape(new String[0], new Shape[0], ATTRIBUTE);
    private static final Shape POLICY = object(new String[] {"attributes"}, ATTRIBUTES);
    /** {@code access_policy_info}: one policy or a list of them. */
    private static final Shape POLICIES = new Shape(POLICY.keys, POLICY.children, POLICY);
    private static final Shape ACCOUNT = object(new String[] {"bill_status", "id", "blocked"}, SCALAR, SCALAR, SCALAR);
    private static final Shape PB_DATA = object(new String[] {"account_info", "sim_info", "prev_sim_info",
            "access_policy_info"}, ACCOUNT, SIM, SIM, POLICIES);
    private static final Shape DATA = object(new String[] {"event_type"}, SCALAR);
    private static final Shape ROOT = object(new String[] {"event_id", "created_at", "data", "pb_data"},
                                             SCALAR, SCALAR, DATA, PB_DATA);

    private EventReader() {
    }

    /**
     * Reads a body.
     *
     * @param body UTF-8 JSON request body
     * @return the body's read fields; {@link Node#field} on it gives {@code event_id}, {@code created_at},
     *         {@code data} and {@code pb_data} in that order
     * @throws InvalidEvent with one {@code body} problem if the body is not exactly one valid JSON object
     */
    static Node read(byte[] body) {
        if (body.length == 0) {
            throw bodyProblem("is empty");
        }
        try {
            StrictJson.requireUtf8(body);
        } catch (StrictJson.NotAnObject e) {
            throw bodyProblem(e.getMessage());
        }
        if (!startsWithObject(body)) {
            return notAnObject(body);
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            Reader reader = new Reader(parser);
            try {
                Node root = reader.value(reader.next(), ROOT);
                JsonToken after = reader.next();
                if (after != null) {
                    // the tree parser refuses trailing content as it refuses any other unexpected token
                    throw bodyProblem(notJson(parser.currentTokenLocation()));
                }
                return root;
            } catch (JsonProcessingException e) {
                // malformed text, a duplicate key, nesting or a number beyond the limits (these come without a
                // location of their own: the parser's position then)
                throw bodyProblem(notJson(e.getLocation() != null ? e.getLocation() : parser.currentLocation()));
            }
        } catch (IOException e) {
            // not reachable for a byte array; kept as the same answer rather than an internal error
            throw bodyProblem("is not valid JSON");
        }
    }

    private static boolean startsWithObject(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /** A body that is not an object: rare, refused anyway, and answered exactly as before. */
    private static Node notAnObject(byte[] body) {
        try {
            StrictJson.parseObject(body);
        } catch (StrictJson.NotAnObject e) {
            throw bodyProblem(e.getMessage());
        }
        throw bodyProblem("must be a JSON object");
    }

    private static String notJson(JsonLocation location) {
        if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
            return "is not valid JSON";
        }
        return "is not valid JSON (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static InvalidEvent bodyProblem(String problem) {
        return new InvalidEvent(new FieldProblem("body", problem));
    }

    private static Shape object(String[] keys, Shape... children) {
        return new Shape(keys, children, null);
    }

    /**
     * What to keep of a value: the fields of an object (by name, each with its own shape) and the shape of a
     * list's elements; a shape with neither keeps only the kind of the value (and a string's text).
     */
    private record Shape(String[] keys, Shape[] children, Shape element) {
        int indexOf(String name) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The kind of a JSON value. */
    enum Kind { STRING, OBJECT, ARRAY, TRUE, FALSE, NUMBER }

    /**
     * A value read from the body, with only what its shape keeps. {@code null} stands for an absent field and a JSON
     * {@code null} alike.
     */
    static final class Node {
        private static final Node TRUE = new Node(Kind.TRUE, null, null, null);
        private static final Node FALSE = new Node(Kind.FALSE, null, null, null);
        private static final Node NUMBER = new Node(Kind.NUMBER, null, null, null);
        private static final Node OBJECT = new Node(Kind.OBJECT, null, null, null);
        private static final Node ARRAY = new Node(Kind.ARRAY, null, null, List.of());

        private final Kind kind;
        private final String text;
        private final Node[] fields;
        private final List<Node> elements;

        private Node(Kind kind, String text, Node[] fields, List<Node> elements) {
            this.kind = kind;
            this.text = text;
            this.fields = fields;
            this.elements = elements;
        }

        Kind kind() {
            return kind;
        }

        /** The text of a string. */
        String text() {
            return text;
        }

        /** A kept field of an object, by its position in the shape, or {@code null} if absent or {@code null}. */
        Node field(int index) {
            return fields == null ? null : fields[index];
        }

        /** The elements of a list, {@code null} for JSON {@code null}. */
        List<Node> elements() {
            return elements;
        }
    }

    /** One pass over one body. */
    private static final class Reader {
        private final JsonParser parser;

        Reader(JsonParser parser) {
            this.parser = parser;
        }

        /** The next token, with the tree parser's rule on numbers applied to every number, read or not. */
        JsonToken next() throws IOException {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                checkNumber(token);
            }
            return token;
        }

        private void checkNumber(JsonToken token) throws IOException {
            int length = parser.getTextLength();
            if (length > MAX_NUMBER_LENGTH) {
                throw bodyProblem(notJson(parser.currentTokenLocation()));
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                char[] chars = parser.getTextCharacters();
                int offset = parser.getTextOffset();
                for (int i = offset; i < offset + length; i++) {
                    if (chars[i] == 'e' || chars[i] == 'E') {
                        try {
                            // an exponent beyond what BigDecimal holds: the tree parser cannot make a number of it
                            new BigDecimal(chars, offset, length);
                        } catch (NumberFormatException e) {
                            throw bodyProblem(notJson(parser.currentTokenLocation()));
                        }
                        return;
                    }
                }
            }
        }

        /** The value starting at {@code token}, kept as {@code shape} says; {@code null} for JSON {@code null}. */
        Node value(JsonToken token, Shape shape) throws IOException {
            return switch (token) {
                case VALUE_NULL -> null;
                case VALUE_STRING -> new Node(Kind.STRING, parser.getText(), null, null);
                case VALUE_TRUE -> Node.TRUE;
                case VALUE_FALSE -> Node.FALSE;
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Node.NUMBER;
                case START_OBJECT -> shape.keys.length == 0 ? skip(Node.OBJECT) : object(shape);
                case START_ARRAY -> shape.element == null ? skip(Node.ARRAY) : array(shape.element);
                default -> throw new IllegalStateException("unexpected token " + token);
            };
        }

        private Node object(Shape shape) throws IOException {
            Node[] fields = new Node[shape.keys.length];
            JsonToken token;
            while ((token = next()) == JsonToken.FIELD_NAME) {
                int index = shape.indexOf(parser.currentName());
                JsonToken value = next();
                if (index < 0) {
                    if (value.isStructStart()) {
                        skip(null);
                    }
                } else {
                    fields[index] = value(value, shape.children[index]);
                }
            }
            return new Node(Kind.OBJECT, null, fields, null);
        }

        private Node array(Shape element) throws IOException {
            List<Node> elements = new ArrayList<>(4);
            JsonToken token;
            while ((token = next()) != JsonToken.END_ARRAY) {
                elements.add(value(token, element));
            }
            return new Node(Kind.ARRAY, null, null, elements);
        }

        /**
         * Steps over the rest of the object or list just started. Not {@link JsonParser#skipChildren()}: every
         * number on the way must pass {@link #next()}'s check, as the tree parser built them all.
         */
        private Node skip(Node result) throws IOException {
            int depth = 1;
            while (depth > 0) {
                JsonToken token = next();
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
            return result;
        }
    }
}
