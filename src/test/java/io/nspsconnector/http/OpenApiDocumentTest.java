package io.nspsconnector.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static io.nspsconnector.http.OpenApiContract.DOC;
import static io.nspsconnector.http.OpenApiContract.ROUTED;
import static io.nspsconnector.http.OpenApiContract.SCHEMAS;
import static io.nspsconnector.testing.OpenApiSchemas.collectRefs;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The shape of {@code openapi.yaml} itself, without a server: well-formed OpenAPI 3.1 with complete operations,
 * every {@code $ref} resolving, every schema compiling and every example fitting its schema.
 */
class OpenApiDocumentTest {

    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
                                                         "trace");

    @Test
    void isAnOpenApi31DocumentWithCompleteOperations() {
        assertThat(DOC.getString("openapi").matches("3\\.1\\.[0-9]+"), is(true));
        assertThat(DOC.getJsonObject("info").getString("title"), is("nsps-connector"));
        assertThat(DOC.getJsonObject("info").getString("version").isBlank(), is(false));
        Set<String> operationIds = new HashSet<>();
        Set<String> schemes = DOC.getJsonObject("components").getJsonObject("securitySchemes").keySet();
        DOC.getJsonObject("paths").forEach((path, item) -> {
            assertThat(path, startsWith("/"));
            item.asJsonObject().forEach((method, value) -> {
                assertThat(path + " " + method, OPERATIONS.contains(method), is(true));
                JsonObject op = value.asJsonObject();
                assertThat(path + " " + method + " has a unique operationId",
                           operationIds.add(op.getString("operationId")), is(true));
                assertThat(op.getJsonObject("responses").keySet(), is(org.hamcrest.Matchers.not(empty())));
                op.getJsonObject("responses").forEach((status, response) -> {
                    assertThat(path + " " + status, status.matches("[1-5][0-9][0-9]"), is(true));
                    assertThat(path + " " + status + " has a description",
                               SCHEMAS.resolve(response.asJsonObject()).containsKey("description"), is(true));
                });
                if (op.containsKey("security")) {
                    op.getJsonArray("security").forEach(req -> req.asJsonObject().keySet()
                            .forEach(name -> assertThat(name, schemes.contains(name), is(true))));
                }
            });
        });
        assertThat(operationIds.size(), is(ROUTED.size()));
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(DOC, refs);
        assertThat(refs.size(), greaterThan(20));
        for (String ref : refs) {
            assertThat(ref, startsWith("#/"));
            assertThat(ref + " resolves", SCHEMAS.pointer(ref), notNullValue());
        }
    }

    @Test
    void everySchemaCompilesAndEveryExampleFitsItsSchema() {
        DOC.getJsonObject("components").getJsonObject("schemas").keySet()
                .forEach(name -> SCHEMAS.schema("#/components/schemas/" + name));
        List<String> checked = new ArrayList<>();
        SCHEMAS.forEachMediaType((location, media) -> {
            if (!media.containsKey("examples") || !media.containsKey("schema")) {
                return;
            }
            media.getJsonObject("examples").forEach((name, example) -> {
                JsonValue value = SCHEMAS.resolve(example.asJsonObject()).get("value");
                SCHEMAS.assertValid(location + "/schema", value.toString(), location + " example " + name);
                checked.add(location + " " + name);
            });
        });
        assertThat(checked.size(), greaterThan(15));
    }
}
