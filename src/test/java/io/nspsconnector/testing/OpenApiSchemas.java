package io.nspsconnector.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * An OpenAPI 3.1 document as a JSON Schema 2020-12 toolkit for contract tests: JSON pointers into the document,
 * {@code $ref} resolution, schemas compiled with the document around them (so their references resolve; compiled
 * once per pointer), named examples, every media type object, and the assertions that an answer's status, content
 * type and body are the ones documented for an operation.
 */
public final class OpenApiSchemas {

    /** 2020-12, with {@code format} asserted (e.g. a {@code date-time} without a zone is invalid, as for the server). */
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, registry -> registry.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private final JsonObject doc;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private OpenApiSchemas(JsonObject doc) {
        this.doc = doc;
    }

    /**
     * @param document the OpenAPI document as JSON
     * @return the toolkit for it
     */
    public static OpenApiSchemas of(JsonObject document) {
        return new OpenApiSchemas(document);
    }

    /** The document. */
    public JsonObject document() {
        return doc;
    }

    /** Visits a media type object of the document. */
    public interface MediaTypeVisitor {
        /**
         * @param location  JSON pointer of the media type object
         * @param mediaType the object
         */
        void visit(String location, JsonObject mediaType);
    }

    /**
     * The answer's status, content type and body are those documented for the operation.
     *
     * @param path   documented path
     * @param method operation, lower case
     * @param res    the answer (its body is read)
     */
    public void assertConforms(String path, String method, HttpClientResponse res) {
        // a 204 has no entity at all, which as(String.class) refuses
        String body = res.entity().hasEntity() ? res.as(String.class) : "";
        assertConforms(path, method, res.status(), body.isEmpty() && res.headers().contentType().isEmpty()
                ? null : contentType(res), body);
    }

    /**
     * As {@link #assertConforms(String, String, HttpClientResponse)}, for an answer whose body was already read.
     *
     * @param path     documented path
     * @param method   operation, lower case
     * @param answered the status
     * @param type     the media type answered, or null
     * @param body     the body
     */
    public void assertConforms(String path, String method, Status answered, String type, String body) {
        String what = method.toUpperCase(Locale.ROOT) + " " + path + " -> " + answered.code();
        JsonObject responses = doc.getJsonObject("paths").getJsonObject(path).getJsonObject(method)
                .getJsonObject("responses");
        String status = Integer.toString(answered.code());
        assertThat(what + " is a documented status", responses.containsKey(status), is(true));
        JsonObject response = responses.getJsonObject(status);
        String base = response.containsKey("$ref")
                ? response.getString("$ref")
                : "#/paths/" + escape(path) + "/" + method + "/responses/" + status;
        JsonObject content = resolve(response).getJsonObject("content");
        if (content == null) {
            assertThat(what + " has no documented body", body, is(""));
            return;
        }
        assertThat(what + " has a content type", type, notNullValue());
        assertThat(what + " answers a documented content type, not " + type, content.containsKey(type), is(true));
        if (type.equals("application/json")) {
            assertValid(base + "/content/" + escape(type) + "/schema", body, what);
        }
    }

    /**
     * The JSON text validates against the schema at a pointer.
     *
     * @param schemaPointer JSON pointer of the schema, {@code #/...}
     * @param json          JSON text
     * @param what          what is checked, for the failure message
     */
    public void assertValid(String schemaPointer, String json, String what) {
        List<Error> errors = schema(schemaPointer).validate(json, InputFormat.JSON);
        assertThat(what + ": " + json + " against " + schemaPointer + ": " + errors, errors, is(empty()));
    }

    /**
     * The schema at a pointer of the document, with the document around it so its references resolve.
     *
     * @param pointer JSON pointer, {@code #/...}
     * @return the compiled schema
     */
    public Schema schema(String pointer) {
        return compiled.computeIfAbsent(pointer, p -> {
            assertThat(p + " exists", pointer(p), notNullValue());
            JsonObject root = Json.createObjectBuilder()
                    .add("$schema", "https://json-schema.org/draft/2020-12/schema")
                    .add("$ref", p)
                    .add("components", doc.getJsonObject("components"))
                    .add("paths", doc.getJsonObject("paths"))
                    .build();
            return SCHEMAS.getSchema(root.toString(), InputFormat.JSON);
        });
    }

    /**
     * Pointer to the documented request body schema of an operation for a media type.
     *
     * @param path      documented path
     * @param method    operation, lower case
     * @param mediaType request media type
     * @return the schema's pointer
     */
    public String requestSchema(String path, String method, String mediaType) {
        JsonObject requestBody = doc.getJsonObject("paths").getJsonObject(path).getJsonObject(method)
                .getJsonObject("requestBody");
        String base = requestBody.containsKey("$ref")
                ? requestBody.getString("$ref")
                : "#/paths/" + escape(path) + "/" + method + "/requestBody";
        assertThat(path + " documents a " + mediaType + " request body",
                   resolve(requestBody).getJsonObject("content").containsKey(mediaType), is(true));
        return base + "/content/" + escape(mediaType) + "/schema";
    }

    /**
     * The value of a named example of an operation's JSON answer.
     *
     * @param path   documented path
     * @param method operation, lower case
     * @param status documented status
     * @param name   example name
     * @return the example's value
     */
    public JsonValue example(String path, String method, String status, String name) {
        JsonValue at = pointer("#/paths/" + escape(path) + "/" + method + "/responses/" + status
                               + "/content/application~1json/examples/" + name);
        assertThat(path + " " + status + " documents example " + name, at, notNullValue());
        return resolve(at.asJsonObject()).get("value");
    }

    /**
     * The value of a named example of a response of {@code components}.
     *
     * @param response component response name
     * @param name     example name
     * @return the example's value
     */
    public JsonValue componentExample(String response, String name) {
        JsonValue at = pointer("#/components/responses/" + response + "/content/application~1json/examples/" + name);
        assertThat(response + " documents example " + name, at, notNullValue());
        return at.asJsonObject().get("value");
    }

    /**
     * Every media type object under responses and request bodies, with its JSON pointer.
     *
     * @param visitor what to do with each
     */
    public void forEachMediaType(MediaTypeVisitor visitor) {
        doc.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, op) -> {
            String at = "#/paths/" + escape(path) + "/" + method;
            op.asJsonObject().getJsonObject("responses").forEach((status, response) -> {
                if (!response.asJsonObject().containsKey("$ref")) {
                    visitContent(at + "/responses/" + status, response.asJsonObject(), visitor);
                }
            });
        }));
        JsonObject components = doc.getJsonObject("components");
        components.getJsonObject("responses").forEach((name, response) -> visitContent(
                "#/components/responses/" + name, response.asJsonObject(), visitor));
        components.getJsonObject("requestBodies").forEach((name, body) -> visitContent(
                "#/components/requestBodies/" + name, body.asJsonObject(), visitor));
    }

    private static void visitContent(String at, JsonObject holder, MediaTypeVisitor visitor) {
        if (holder.containsKey("content")) {
            holder.getJsonObject("content").forEach((type, media) -> visitor.visit(at + "/content/" + escape(type),
                                                                                   media.asJsonObject()));
        }
    }

    /**
     * @param object an object that may be a {@code $ref}
     * @return the object it refers to, or itself
     */
    public JsonObject resolve(JsonObject object) {
        return object.containsKey("$ref") ? pointer(object.getString("$ref")).asJsonObject() : object;
    }

    /**
     * @param ref a JSON pointer, {@code #/...}
     * @return the value there, or null
     */
    public JsonValue pointer(String ref) {
        try {
            return Json.createPointer(ref.substring(1)).getValue(doc);
        } catch (JsonException e) {
            return null;
        }
    }

    /**
     * Collects every {@code $ref} under a value.
     *
     * @param value a part of the document
     * @param refs  where to add them
     */
    public static void collectRefs(JsonValue value, List<String> refs) {
        if (value instanceof JsonObject object) {
            object.forEach((key, v) -> {
                if (key.equals("$ref") && v instanceof JsonString s) {
                    refs.add(s.getString());
                } else {
                    collectRefs(v, refs);
                }
            });
        } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            value.asJsonArray().forEach(v -> collectRefs(v, refs));
        }
    }

    /**
     * @param key a path or media type
     * @return it escaped as one JSON pointer segment
     */
    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /**
     * @param res an answer with a Content-Type
     * @return its media type without parameters
     */
    public static String contentType(HttpClientResponse res) {
        return res.headers().contentType().orElseThrow().mediaType().text();
    }
}
