package io.nspsconnector.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code GET /openapi}: the service's OpenAPI 3.1 document, kept by hand in {@code openapi.yaml} on the classpath.
 * YAML by default; JSON when the {@code Accept} header prefers {@code application/json} or with
 * {@code ?format=json}. No authentication: it describes the API, it holds no data.
 */
public final class OpenApiService implements HttpService {

    /** Where the document is served. */
    public static final String PATH = "/openapi";
    /** The document on the classpath. */
    public static final String RESOURCE = "/openapi.yaml";

    private static final List<MediaType> YAML_TYPES = List.of(MediaTypes.APPLICATION_YAML,
                                                              MediaTypes.APPLICATION_OPENAPI_YAML,
                                                              MediaTypes.TEXT_YAML,
                                                              MediaTypes.APPLICATION_X_YAML);

    /** One provider: {@code Json.createValue} and friends look the provider up again on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final byte[] yaml;
    private volatile byte[] json;

    /**
     * Reads the document; fails at start-up if it is missing. Its JSON form is made on the first request for it,
     * which keeps the YAML parse out of the start-up time (the tests check the document converts).
     */
    public OpenApiService() {
        this.yaml = resource();
    }

    private byte[] json() {
        byte[] converted = json;
        if (converted == null) {
            converted = toJson(new String(yaml, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            json = converted;
        }
        return converted;
    }

    @Override
    public void routing(HttpRules rules) {
        AllowedMethods.get(rules, PATH, this::document);
    }

    private void document(ServerRequest req, ServerResponse res) {
        boolean asJson = wantsJson(req);
        res.status(Status.OK_200)
                .header(HeaderNames.CONTENT_TYPE, asJson ? "application/json" : "application/yaml; charset=UTF-8")
                .send(asJson ? json() : yaml);
    }

    private static boolean wantsJson(ServerRequest req) {
        Optional<String> format = req.query().first("format").map(f -> f.toLowerCase(Locale.ROOT));
        if (format.isPresent()) {
            return format.get().equals("json");
        }
        MediaType[] offered = new MediaType[YAML_TYPES.size() + 1];
        YAML_TYPES.toArray(offered);
        offered[YAML_TYPES.size()] = MediaTypes.APPLICATION_JSON;
        return req.headers().bestAccepted(offered).map(MediaTypes.APPLICATION_JSON::equals).orElse(false);
    }

    private static byte[] resource() {
        try (InputStream in = OpenApiService.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + RESOURCE + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Converts a YAML document of maps, lists, strings, numbers, booleans and nulls to JSON text.
     *
     * @param yamlText YAML
     * @return JSON
     * @throws IllegalArgumentException for YAML values JSON cannot hold (e.g. an unquoted date)
     */
    static String toJson(String yamlText) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        StringWriter out = new StringWriter();
        try (JsonWriter writer = JSON.createWriter(out)) {
            writer.write(toJsonValue(tree));
        }
        return out.toString();
    }

    private static JsonValue toJsonValue(Object value) {
        return switch (value) {
            case null -> JsonValue.NULL;
            case Map<?, ?> map -> {
                JsonObjectBuilder object = JSON.createObjectBuilder();
                map.forEach((k, v) -> object.add(String.valueOf(k), toJsonValue(v)));
                yield object.build();
            }
            case List<?> list -> {
                JsonArrayBuilder array = JSON.createArrayBuilder();
                list.forEach(v -> array.add(toJsonValue(v)));
                yield array.build();
            }
            case String s -> JSON.createValue(s);
            case Boolean b -> b ? JsonValue.TRUE : JsonValue.FALSE;
            case Integer i -> JSON.createValue(i);
            case Long l -> JSON.createValue(l);
            case BigInteger b -> JSON.createValue(b);
            case Double d -> JSON.createValue(BigDecimal.valueOf(d));
            default -> throw new IllegalArgumentException("YAML value of type " + value.getClass().getSimpleName()
                                                                  + " has no JSON form; quote it: " + value);
        };
    }
}
