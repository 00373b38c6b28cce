package io.nspsconnector.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.nspsconnector.Connector;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.NacFixtures;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code openapi.yaml} against the running connector: the document is well-formed OpenAPI 3.1, documents exactly the
 * paths the server routes, its examples fit its schemas, and every answer the server gives — to each NSPS fixture,
 * to auth and body errors, to each WTL failure, from health, metrics and itself — has a documented status, a
 * documented content type and a body that validates against the documented schema. The server runs with the
 * Network as Code receiver on, so its webhook (every NaC fixture, auth and body errors) and device views are checked
 * the same way, and the documented notification schema must accept exactly the fixtures the server accepts.
 */
@ServerTest
class OpenApiContractTest {

    private static final String NOTIFICATIONS = "/notifications";
    private static final String DEVICE_STATUS = "/devices/{key}/status";

    /**
     * Every path the connector routes (its observe feature, the event path, explain, this document and, with
     * {@code connector.nac.enabled}, the Network as Code webhook and device views).
     */
    private static final Set<String> ROUTED = Set.of("/process-event", ExplainService.PATH, OpenApiService.PATH,
                                                     "/health", "/health/live", "/health/ready", "/health/started",
                                                     "/metrics", NOTIFICATIONS, "/devices", DEVICE_STATUS);
    private static final String NAC_TOKEN = "contract-nac-token";
    private static final int MAX_BODY = 4096;
    private static final int NAC_MAX_BODY = 2048;
    private static final String CLOUDEVENTS = "application/cloudevents+json";
    private static final Set<String> OPERATIONS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
                                                         "trace");

    private static final JsonObject DOC = Fixtures.json(OpenApiService.toJson(resource()));
    /** 2020-12, with {@code format} asserted (e.g. a {@code date-time} without a zone is invalid, as for the server). */
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, registry -> registry.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();
    /** The delivery records on (shipped on; {@link TestConnector} turns them off for the other tests). */
    private static final Map<String, String> DELIVERY_RECORDS_ON = Map.of(
            "connector.delivery.applied-events.max-size", "1000",
            "connector.delivery.subscribers.max-size", "1000",
            "connector.wtl.circuit-breaker.enabled", "false",
            "connector.wtl.retry.attempts", "1");

    private static WtlFake wtl;
    private static Connector connector;
    private final Http1Client client;
    private final WebServer server;

    OpenApiContractTest(Http1Client client, WebServer server) {
        this.client = client;
        this.server = server;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        wtl = WtlFake.start();
        // the Network as Code receiver on, with its own token (the config file's token list is empty)
        Map<String, String> env = new HashMap<>(TestConnector.env(wtl.baseUrl()));
        env.put("NAC_NOTIFICATION_TOKEN", NAC_TOKEN);
        connector = TestConnector.configure(server, env,
                                            Map.of("connector.wtl.circuit-breaker.enabled", "false",
                                                   "connector.wtl.retry.attempts", "1",
                                                   "connector.max-body-size", Integer.toString(MAX_BODY),
                                                   "connector.nac.enabled", "true",
                                                   "connector.nac.max-body-size", Integer.toString(NAC_MAX_BODY)));
    }

    @AfterAll
    static void stop() {
        connector.close();
        wtl.close();
    }

    @BeforeEach
    void resetWtl() {
        wtl.reset();
    }

    // --- the document itself

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
                               resolve(response.asJsonObject()).containsKey("description"), is(true));
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
            assertThat(ref + " resolves", pointer(ref), notNullValue());
        }
    }

    @Test
    void everySchemaCompilesAndEveryExampleFitsItsSchema() {
        DOC.getJsonObject("components").getJsonObject("schemas").keySet()
                .forEach(name -> schema("#/components/schemas/" + name));
        List<String> checked = new ArrayList<>();
        forEachMediaType((location, media) -> {
            if (!media.containsKey("examples") || !media.containsKey("schema")) {
                return;
            }
            media.getJsonObject("examples").forEach((name, example) -> {
                JsonValue value = resolve(example.asJsonObject()).get("value");
                assertValid(location + "/schema", value.toString(), location + " example " + name);
                checked.add(location + " " + name);
            });
        });
        assertThat(checked.size(), greaterThan(15));
    }

    @Test
    void documentsExactlyThePathsTheServerRoutes() {
        assertThat(DOC.getJsonObject("paths").keySet(), is(ROUTED));
        assertThat(connector.config().server().eventPath(), is("/process-event"));
        assertThat(connector.config().nac().enabled(), is(true));
        assertThat(connector.config().nac().path(), is(NOTIFICATIONS));
        for (String path : ROUTED) {
            for (String method : DOC.getJsonObject("paths").getJsonObject(path).keySet()) {
                try (HttpClientResponse res = client.method(Method.create(method.toUpperCase(java.util.Locale.ROOT)))
                        .path(path.replace("{key}", "no-such-device"))
                        .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                        .header(HeaderNames.CONTENT_TYPE, "application/json")
                        .submit(Fixtures.bytes("nsps/unknown-event-type.json"))) {
                    assertConforms(path, method, res);
                }
            }
        }
    }

    @Test
    void unknownPathsAndOtherMethodsAnswerTheDocumentedErrorBody() {
        try (Http1ClientResponse res = client.get("/nope").request()) {
            assertThat(res.status(), is(Status.NOT_FOUND_404));
            assertValid("#/components/responses/NotFound/content/application~1json/schema", res.as(String.class),
                        "404");
        }
        for (String path : List.of("/process-event", ExplainService.PATH, OpenApiService.PATH, NOTIFICATIONS,
                                   "/devices", "/devices/no-such-device/status")) {
            try (Http1ClientResponse res = client.put(path).submit("{}")) {
                assertThat(res.status(), is(Status.METHOD_NOT_ALLOWED_405));
                assertThat(res.headers().contains(HeaderNames.ALLOW), is(true));
                assertValid("#/components/responses/MethodNotAllowed/content/application~1json/schema",
                            res.as(String.class), "405 " + path);
            }
        }
    }

    // --- what the server answers

    static Stream<String> fixtures() {
        return Fixtures.nspsCases().stream().map(Fixtures.Case::file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureIsAnsweredAsDocumented(String file) {
        for (String path : List.of("/process-event", ExplainService.PATH)) {
            try (Http1ClientResponse res = post(path, Fixtures.bytes("nsps/" + file), "application/json", true)) {
                assertConforms(path, "post", res);
            }
        }
    }

    @Test
    void requestErrorsAreAnsweredAsDocumented() {
        byte[] event = Fixtures.bytes("nsps/sim-updated.json");
        for (String path : List.of("/process-event", ExplainService.PATH)) {
            try (Http1ClientResponse res = post(path, event, "application/json", false)) {
                assertThat(res.status(), is(Status.UNAUTHORIZED_401));
                assertConforms(path, "post", res);
            }
            try (Http1ClientResponse res = post(path, event, "text/plain", true)) {
                assertThat(res.status(), is(Status.UNSUPPORTED_MEDIA_TYPE_415));
                assertConforms(path, "post", res);
            }
            try (Http1ClientResponse res = post(path, new byte[MAX_BODY + 1], "application/json", true)) {
                assertThat(res.status(), is(Status.REQUEST_ENTITY_TOO_LARGE_413));
                assertConforms(path, "post", res);
            }
        }
        try (Http1ClientResponse res = post("/process-event", "{".getBytes(StandardCharsets.UTF_8),
                                            "application/json", true)) {
            assertThat(res.status(), is(Status.UNPROCESSABLE_CONTENT_422));
            assertConforms("/process-event", "post", res);
        }
    }

    @Test
    void wtlFailuresAreAnsweredAsDocumented() {
        List<WtlFake.Reply> replies = List.of(
                WtlFake.Reply.of(200, "{\"result\":false,\"error\":\"Subscriber locked\"}"),
                WtlFake.Reply.of(500, "{\"error\":\"boom\"}"),
                WtlFake.Reply.of(401, "{\"error\":\"bad token\"}"),
                WtlFake.Reply.of(429, "{\"error\":\"slow down\"}").header("Retry-After", "30"),
                WtlFake.Reply.hanging());
        List<Integer> statuses = new ArrayList<>();
        for (WtlFake.Reply reply : replies) {
            wtl.reset();
            wtl.enqueue(reply);
            try (Http1ClientResponse res = post("/process-event", Fixtures.bytes("nsps/sim-updated.json"),
                                                "application/json", true)) {
                statuses.add(res.status().code());
                assertConforms("/process-event", "post", res);
            }
        }
        assertThat(statuses, is(List.of(422, 500, 500, 429, 503)));
    }

    @Test
    void operationsEndpointsAnswerAsDocumented() {
        for (String path : List.of("/health", "/health/live", "/health/ready", "/health/started", "/metrics",
                                   OpenApiService.PATH)) {
            try (Http1ClientResponse res = client.get(path).request()) {
                assertThat(path, res.status(), is(Status.OK_200));
                assertConforms(path, "get", res);
            }
            try (Http1ClientResponse res = client.get(path).header(HeaderNames.ACCEPT, "application/json").request()) {
                assertThat(path, res.status(), is(Status.OK_200));
                assertConforms(path, "get", res);
            }
        }
    }

    @Test
    void servesTheDocumentAsYamlByDefaultAndAsJsonOnRequest() {
        try (Http1ClientResponse res = client.get(OpenApiService.PATH).request()) {
            assertThat(res.headers().contentType().orElseThrow().mediaType().text(), is("application/yaml"));
            assertThat(res.as(String.class), is(resource()));
        }
        try (Http1ClientResponse res = client.get(OpenApiService.PATH)
                .header(HeaderNames.ACCEPT, "application/json").request()) {
            assertThat(res.headers().contentType().orElseThrow().mediaType().text(), is("application/json"));
            assertThat(res.as(JsonObject.class), is(DOC));
        }
        try (Http1ClientResponse res = client.get(OpenApiService.PATH).queryParam("format", "json").request()) {
            assertThat(res.as(JsonObject.class), is(DOC));
        }
        try (Http1ClientResponse res = client.get(OpenApiService.PATH)
                .header(HeaderNames.ACCEPT, "application/yaml, application/json;q=0.5").request()) {
            assertThat(res.as(String.class), is(resource()));
        }
    }

    // --- delivery guarantees, request limits

    /**
     * The shared server runs without the delivery records (its tests re-post fixtures and expect WTL calls), so
     * these answers come from a connector of their own, with the records on. The answers must be the documented
     * examples word for word, not only fit the schema.
     */
    @Test
    void duplicateAndStaleAnswersAreTheDocumentedExamples() {
        byte[] sample = Fixtures.bytes("nsps/sim-updated.json");
        JsonObject older = Json.createObjectBuilder(Fixtures.json(new String(sample, StandardCharsets.UTF_8)))
                .add("event_id", "contract-older-" + UUID.randomUUID())
                .add("created_at", "2025-03-12T16:40:00+00:00")
                .build();
        try (WtlFake ownWtl = WtlFake.start();
             TestConnector.Server pod = TestConnector.start(Path.of("config"), TestConnector.env(ownWtl.baseUrl()),
                                                            DELIVERY_RECORDS_ON)) {
            List<String> answers = new ArrayList<>();
            for (byte[] body : List.of(sample, sample, older.toString().getBytes(StandardCharsets.UTF_8))) {
                try (Http1ClientResponse res = TestConnector.postEvent(pod.client(), body)) {
                    assertThat(res.status(), is(Status.ACCEPTED_202));
                    String text = res.as(String.class);
                    answers.add(text);
                    assertConforms("/process-event", "post", res.status(), contentType(res), text);
                }
            }
            assertThat(Fixtures.json(answers.get(0)), is(example("/process-event", "post", "202", "processed")));
            assertThat(Fixtures.json(answers.get(1)), is(example("/process-event", "post", "202", "duplicate")));
            assertThat(Fixtures.json(answers.get(2)), is(example("/process-event", "post", "202", "stale")));
            assertThat("only the first delivery reached WTL", ownWtl.calls().size(), is(1));

            // explain does not read the records: the applied sample is still explained as processed
            try (Http1ClientResponse res = pod.client().post(ExplainService.PATH)
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                    .header(HeaderNames.CONTENT_TYPE, "application/json").submit(sample)) {
                assertThat(res.status(), is(Status.OK_200));
                String text = res.as(String.class);
                assertConforms(ExplainService.PATH, "post", res.status(), contentType(res), text);
                assertThat(Fixtures.json(text).getString("outcome"), is("processed"));
            }
            assertThat("explain sent nothing to WTL", ownWtl.calls().size(), is(1));
        }
    }

    /**
     * A pod stopping in-process as on SIGTERM ({@link Connector#shutdown}): an event held in flight by a hanging
     * WTL keeps the drain open, so the server is still up while it refuses new events.
     */
    @Test
    void aShuttingDownPodAnswersNewEventsTheDocumented503() throws Exception {
        WtlFake ownWtl = WtlFake.start();
        Map<String, String> keys = new HashMap<>(DELIVERY_RECORDS_ON);
        keys.put("connector.wtl.attempt-timeout", "PT30S");
        keys.put("connector.wtl.event-deadline", "PT60S");
        keys.put("connector.delivery.shutdown-grace-period", "PT30S");
        TestConnector.Server pod = TestConnector.start(Path.of("config"), TestConnector.env(ownWtl.baseUrl()), keys);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        boolean stopping = false;
        try {
            ownWtl.enqueue(WtlFake.Reply.hanging());
            Future<String[]> inFlight = threads.submit(() -> {
                try (Http1ClientResponse res = TestConnector.postEvent(pod.client(),
                                                                       Fixtures.bytes("nsps/sim-updated.json"))) {
                    return new String[] {Integer.toString(res.status().code()), contentType(res),
                            res.as(String.class)};
                }
            });
            await(() -> ownWtl.calls().size() == 1, "the first event reached WTL");

            stopping = true;
            Future<Boolean> shutdown = threads.submit(() -> pod.connector().shutdown(pod.server()));
            await(() -> readiness(pod) == 503, "readiness DOWN");
            try (Http1ClientResponse res = pod.client().get("/health/ready").request()) {
                assertThat(res.status(), is(Status.SERVICE_UNAVAILABLE_503));
                assertConforms("/health/ready", "get", res);
            }

            byte[] late = Fixtures.text("nsps/sim-updated.json")
                    .replace("3e84c79f-ab6f-4546-8e27-0b6ab866f1fb", "contract-late-" + UUID.randomUUID())
                    .getBytes(StandardCharsets.UTF_8);
            try (Http1ClientResponse res = TestConnector.postEvent(pod.client(), late)) {
                assertThat(res.status(), is(Status.SERVICE_UNAVAILABLE_503));
                String text = res.as(String.class);
                assertConforms("/process-event", "post", res.status(), contentType(res), text);
                assertThat(Fixtures.json(text), is(example("/process-event", "post", "503", "shuttingDown")));
            }
            // explain is not drained
            try (Http1ClientResponse res = pod.client().post(ExplainService.PATH)
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                    .header(HeaderNames.CONTENT_TYPE, "application/json").submit(late)) {
                assertThat(res.status(), is(Status.OK_200));
                assertConforms(ExplainService.PATH, "post", res);
            }

            ownWtl.releaseHangs();
            String[] answered = inFlight.get(20, TimeUnit.SECONDS);
            assertThat("the event in flight was finished", answered[0], is("202"));
            assertConforms("/process-event", "post", Status.create(Integer.parseInt(answered[0])), answered[1],
                           answered[2]);
            assertThat("drained within the grace period", shutdown.get(20, TimeUnit.SECONDS), is(true));
            assertThat("the refused event never reached WTL", ownWtl.calls().size(), is(1));
        } finally {
            ownWtl.releaseHangs();
            threads.close();
            if (!stopping) {
                pod.close();
            }
            ownWtl.close();
        }
    }

    @Test
    void oversizedRequestLinesAndHeaderBlocksAreAnsweredAsDocumented() throws IOException {
        String headers = "Host: x\r\nAuthorization: Bearer " + TestConnector.API_TOKEN
                + "\r\nContent-Type: application/json\r\n";
        // 16 KiB of header (max-headers-size in config/application.yaml) and 4 KiB of request line (max-prologue-length)
        RawAnswer bigHeaders = exchange("POST /process-event HTTP/1.1\r\n" + headers + "X-Padding: "
                                                + "p".repeat(17_000) + "\r\nContent-Length: 2\r\n\r\n{}");
        RawAnswer longLine = exchange("POST /process-event?padding=" + "a".repeat(5000) + " HTTP/1.1\r\n" + headers
                                              + "Content-Length: 2\r\n\r\n{}");

        assertThat(bigHeaders.toString(), bigHeaders.status(), is(400));
        assertThat(longLine.toString(), longLine.status(), is(414));
        for (String path : List.of("/process-event", ExplainService.PATH)) {
            assertConforms(path, "post", Status.create(bigHeaders.status()), bigHeaders.contentType(),
                           bigHeaders.body());
            assertConforms(path, "post", Status.create(longLine.status()), longLine.contentType(), longLine.body());
        }
        assertThat(Fixtures.json(bigHeaders.body()), is(componentExample("HeadersTooLarge", "headersTooLarge")));
        for (RawAnswer answer : List.of(bigHeaders, longLine)) {
            assertThat("answered before routing, so without a request id: " + answer.head(),
                       answer.head().toLowerCase(java.util.Locale.ROOT).contains("x-request-id"), is(false));
        }
        assertThat(Fixtures.json(longLine.body()), is(componentExample("RequestLineTooLong", "requestLineTooLong")));
    }

    /** An answer read off a raw socket: status code, head, Content-Type (or null) and body. */
    private record RawAnswer(int status, String head, String contentType, String body) {
    }

    /**
     * Writes a request as bytes (the client would not send these), half-closes, and reads the answer: an oversized
     * request is answered before routing, then the connection is closed.
     */
    private RawAnswer exchange(String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            InputStream in = socket.getInputStream();
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (java.net.SocketException e) {
                    break; // a reset after the answer (the server closed with our unread bytes): keep what came
                }
                if (n < 0) {
                    break;
                }
                raw.write(buffer, 0, n);
            }
            String text = raw.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat("a complete answer head: " + text, end, greaterThan(0));
            String head = text.substring(0, end);
            java.util.regex.Matcher type = java.util.regex.Pattern.compile("(?im)^content-type: *([^;\r\n]+)")
                    .matcher(head);
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length: *([0-9]+)")
                    .matcher(head);
            byte[] all = raw.toByteArray();
            String body = new String(all, end + 4, all.length - end - 4, StandardCharsets.UTF_8);
            if (length.find()) {
                assertThat("the whole body arrived: " + text, body.getBytes(StandardCharsets.UTF_8).length,
                           is(Integer.parseInt(length.group(1))));
            }
            return new RawAnswer(Integer.parseInt(head.substring(9, 12)), head,
                                 type.find() ? type.group(1).trim() : null, body);
        }
    }

    /** The readiness status, or -1 when the shutdown closed the idle connection the probe was sent on. */
    private static int readiness(TestConnector.Server pod) {
        try (Http1ClientResponse res = pod.client().get("/health/ready").request()) {
            return res.status().code();
        } catch (io.helidon.common.buffers.DataReader.InsufficientDataAvailableException
                 | java.io.UncheckedIOException closedByShutdown) {
            // the shutdown closes every connection not processing a request, the probe's too if it was idle
            return -1;
        }
    }

    /** Polls a condition (the state it waits for has no event to block on); fails after 20 s. */
    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat("timed out waiting for: " + what, System.nanoTime() < end, is(true));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** The value of a named example of an operation's JSON answer. */
    private static JsonValue example(String path, String method, String status, String name) {
        JsonValue at = pointer("#/paths/" + escape(path) + "/" + method + "/responses/" + status
                               + "/content/application~1json/examples/" + name);
        assertThat(path + " " + status + " documents example " + name, at, notNullValue());
        return resolve(at.asJsonObject()).get("value");
    }

    /** The value of a named example of a response of {@code components}. */
    private static JsonValue componentExample(String response, String name) {
        JsonValue at = pointer("#/components/responses/" + response + "/content/application~1json/examples/" + name);
        assertThat(response + " documents example " + name, at, notNullValue());
        return at.asJsonObject().get("value");
    }

    // --- Network as Code: the webhook and the device views

    /** Every file in {@code fixtures/nac/}, so a fixture added without a documented case fails here. */
    static Stream<String> nacFixtures() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src", "test", "resources", "fixtures", "nac"))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nacFixtures")
    void everyNacFixtureIsAnsweredAsDocumented(String file) {
        Map<String, NacFixtures.Case> cases = NacFixtures.cases().stream()
                .collect(Collectors.toMap(NacFixtures.Case::file, Function.identity()));
        assertThat(file + " has a documented case", cases.containsKey(file), is(true));
        boolean accepted = cases.get(file).outcome() != null;
        byte[] body = Fixtures.bytes("nac/" + file);
        // the second time is a re-delivery (or the same invalid body again): answered the same way
        for (String contentType : List.of(CLOUDEVENTS, "application/json")) {
            try (Http1ClientResponse res = notify(body, contentType, NAC_TOKEN)) {
                assertThat(file + " as " + contentType, res.status(),
                           is(accepted ? Status.NO_CONTENT_204 : Status.BAD_REQUEST_400));
                assertConforms(NOTIFICATIONS, "post", res);
            }
            // the documented request body accepts exactly what the server accepts
            List<Error> errors = schema(requestSchema(NOTIFICATIONS, "post", contentType))
                    .validate(new String(body, StandardCharsets.UTF_8), InputFormat.JSON);
            assertThat(file + " fits the documented request body: " + errors, errors.isEmpty(), is(accepted));
        }
    }

    /** Fixtures bent one way each: {fixture, JSON patch as text, whether the server accepts the result}. */
    static Stream<Arguments> bentNotifications() {
        return Stream.of(
                bent("g1-roaming-status-on.json", "[{\"op\":\"remove\",\"path\":\"/data/roaming\"}]", false),
                bent("g2-roaming-status.json",
                     "[{\"op\":\"replace\",\"path\":\"/data/roaming\",\"value\":\"yes\"}]", false),
                bent("g2-reachability-data.json",
                     "[{\"op\":\"remove\",\"path\":\"/data/subscriptionId\"}]", false),
                bent("g1-subscription-ends-expired.json",
                     "[{\"op\":\"remove\",\"path\":\"/data/terminationReason\"}]", false),
                bent("g1-connectivity-data.json", "[{\"op\":\"remove\",\"path\":\"/data\"}]", false),
                bent("g1-connectivity-data.json",
                     "[{\"op\":\"replace\",\"path\":\"/source\",\"value\":\" \"}]", false),
                bent("g1-connectivity-data.json",
                     "[{\"op\":\"replace\",\"path\":\"/time\",\"value\":\"2024-05-23T08:15:02\"}]", false),
                bent("g0-legacy-connectivity.json",
                     "[{\"op\":\"remove\",\"path\":\"/event/eventDetail/deviceStatus\"}]", false),
                bent("g0-legacy-roaming-status.json",
                     "[{\"op\":\"remove\",\"path\":\"/event/eventDetail/roaming\"}]", false),
                // a type this receiver does not handle needs no data, and a handled G1 type needs no subscriptionId
                bent("edge-unknown-type.json", "[{\"op\":\"remove\",\"path\":\"/data\"}]", true),
                bent("g1-connectivity-sms.json", "[{\"op\":\"remove\",\"path\":\"/data/subscriptionId\"}]",
                     true),
                bent("g1-roaming-status-off.json",
                     "[{\"op\":\"add\",\"path\":\"/data/countryCode\",\"value\":\"262\"}]", true));
    }

    private static Arguments bent(String fixture, String patch, boolean accepted) {
        return Arguments.of(fixture, patch, accepted);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("bentNotifications")
    void theDocumentedRequestBodyRejectsWhatTheServerRejects(String fixture, String patch, boolean accepted) {
        JsonObject original = Fixtures.json(Fixtures.text("nac/" + fixture));
        String body = Json.createPatch(Fixtures.json("{\"p\":" + patch + "}").getJsonArray("p"))
                .apply(original).toString();
        try (Http1ClientResponse res = notify(body.getBytes(StandardCharsets.UTF_8), CLOUDEVENTS, NAC_TOKEN)) {
            assertThat(body, res.status(), is(accepted ? Status.NO_CONTENT_204 : Status.BAD_REQUEST_400));
            assertConforms(NOTIFICATIONS, "post", res);
        }
        List<Error> errors = schema(requestSchema(NOTIFICATIONS, "post", CLOUDEVENTS)).validate(body, InputFormat.JSON);
        assertThat(body + " fits the documented request body: " + errors, errors.isEmpty(), is(accepted));
    }

    @Test
    void notificationErrorsAreAnsweredAsDocumented() {
        byte[] good = Fixtures.bytes("nac/g1-connectivity-sms.json");
        List<Integer> statuses = new ArrayList<>();
        for (String token : List.of("wrong-token", TestConnector.API_TOKEN)) {
            try (Http1ClientResponse res = notify(good, CLOUDEVENTS, token)) {
                statuses.add(res.status().code());
                assertConforms(NOTIFICATIONS, "post", res);
            }
        }
        try (Http1ClientResponse res = client.post(NOTIFICATIONS).header(HeaderNames.CONTENT_TYPE, CLOUDEVENTS)
                .header(HeaderNames.create("x-correlator"), "contract-401").submit(good)) {
            statuses.add(res.status().code());
            assertThat(res.headers().first(HeaderNames.create("x-correlator")).orElse(""), is("contract-401"));
            assertConforms(NOTIFICATIONS, "post", res);
        }
        try (Http1ClientResponse res = notify(good, "text/plain", NAC_TOKEN)) {
            statuses.add(res.status().code());
            assertConforms(NOTIFICATIONS, "post", res);
        }
        byte[] large = new byte[NAC_MAX_BODY + 1];
        java.util.Arrays.fill(large, (byte) ' ');
        try (Http1ClientResponse res = notify(large, CLOUDEVENTS, NAC_TOKEN)) {
            statuses.add(res.status().code());
            assertConforms(NOTIFICATIONS, "post", res);
        }
        for (String malformed : List.of("{", "[]", "{\"id\":\"x\"}")) {
            try (Http1ClientResponse res = notify(malformed.getBytes(StandardCharsets.UTF_8), CLOUDEVENTS,
                                                  NAC_TOKEN)) {
                statuses.add(res.status().code());
                assertConforms(NOTIFICATIONS, "post", res);
            }
        }
        try (Http1ClientResponse res = notify(good, "application/cloudevents-batch+json", NAC_TOKEN)) {
            statuses.add(res.status().code());
            assertConforms(NOTIFICATIONS, "post", res);
        }
        assertThat(statuses, is(List.of(401, 401, 401, 415, 413, 400, 400, 400, 400)));
    }

    @Test
    void deviceViewsAnswerAsDocumented() {
        String phone = "+4470" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String connectivitySub = UUID.randomUUID().toString();
        String roamingSub = UUID.randomUUID().toString();
        for (String file : List.of("g1-connectivity-data.json", "g1-roaming-status-on.json",
                                   "g1-subscription-ends-network-terminated.json")) {
            byte[] body = Fixtures.text("nac/" + file)
                    .replace(NacFixtures.PHONE_1, phone)
                    .replace(NacFixtures.SUB_G1_CONNECTIVITY, connectivitySub)
                    .replace(NacFixtures.SUB_G1_ROAMING, roamingSub)
                    .replaceFirst("\"id\": \"[^\"]+\"", "\"id\": \"" + UUID.randomUUID() + "\"")
                    .getBytes(StandardCharsets.UTF_8);
            try (Http1ClientResponse res = notify(body, CLOUDEVENTS, NAC_TOKEN)) {
                assertThat(file, res.status(), is(Status.NO_CONTENT_204));
            }
        }

        String encoded = java.net.URLEncoder.encode(phone, StandardCharsets.UTF_8);
        try (Http1ClientResponse res = getDevices("/devices/" + encoded + "/status", Map.of())) {
            assertThat(res.status(), is(Status.OK_200));
            String body = res.as(String.class);
            JsonObject status = Fixtures.json(body);
            assertThat(status.getString("key"), is(phone));
            assertThat("roaming and an ended subscription are shown", status.isNull("roaming"), is(false));
            assertThat(status.getJsonArray("subscriptions").stream()
                               .map(s -> s.asJsonObject().getString("state")).toList(), hasItem("ENDED"));
            assertConforms(DEVICE_STATUS, "get", Status.OK_200, contentType(res), body);
        }
        try (Http1ClientResponse res = getDevices("/devices/%2B4400000000000/status", Map.of())) {
            assertThat(res.status(), is(Status.NOT_FOUND_404));
            assertConforms(DEVICE_STATUS, "get", res);
        }
        try (Http1ClientResponse res = getDevices("/devices", Map.of("limit", "1000"))) {
            assertThat(res.status(), is(Status.OK_200));
            String body = res.as(String.class);
            assertThat(body.contains("\"key\":\"" + phone + "\""), is(true));
            assertConforms("/devices", "get", Status.OK_200, contentType(res), body);
        }
        try (Http1ClientResponse res = getDevices("/devices", Map.of("offset", "1", "limit", "1"))) {
            assertThat(res.status(), is(Status.OK_200));
            assertConforms("/devices", "get", res);
        }
        for (Map<String, String> bad : List.of(Map.of("limit", "0"), Map.of("limit", "1001"),
                                               Map.of("offset", "-1"), Map.of("limit", "ten"))) {
            try (Http1ClientResponse res = getDevices("/devices", bad)) {
                assertThat(bad.toString(), res.status(), is(Status.BAD_REQUEST_400));
                assertConforms("/devices", "get", res);
            }
        }
        for (String path : List.of("/devices", "/devices/" + encoded + "/status")) {
            try (Http1ClientResponse res = client.get(path).skipUriEncoding(true)
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + NAC_TOKEN).request()) {
                assertThat(path, res.status(), is(Status.UNAUTHORIZED_401));
                assertConforms(path.equals("/devices") ? "/devices" : DEVICE_STATUS, "get", res);
            }
        }
    }

    // --- helpers

    private Http1ClientResponse notify(byte[] body, String contentType, String token) {
        return client.post(NOTIFICATIONS)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                .header(HeaderNames.CONTENT_TYPE, contentType)
                .submit(body);
    }

    /** GET with the API token; the path is sent as written (already URL-encoded). */
    private Http1ClientResponse getDevices(String path, Map<String, String> query) {
        Http1ClientRequest req = client.get(path).skipUriEncoding(true)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN);
        query.forEach(req::queryParam);
        return req.request();
    }

    /** Pointer to the documented request body schema of an operation for a media type. */
    private static String requestSchema(String path, String method, String mediaType) {
        JsonObject requestBody = DOC.getJsonObject("paths").getJsonObject(path).getJsonObject(method)
                .getJsonObject("requestBody");
        String base = requestBody.containsKey("$ref")
                ? requestBody.getString("$ref")
                : "#/paths/" + escape(path) + "/" + method + "/requestBody";
        assertThat(path + " documents a " + mediaType + " request body",
                   resolve(requestBody).getJsonObject("content").containsKey(mediaType), is(true));
        return base + "/content/" + escape(mediaType) + "/schema";
    }

    private static String contentType(HttpClientResponse res) {
        return res.headers().contentType().orElseThrow().mediaType().text();
    }

    private Http1ClientResponse post(String path, byte[] body, String contentType, boolean token) {
        var request = client.post(path).header(HeaderNames.CONTENT_TYPE, contentType);
        if (token) {
            request.header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN);
        }
        return request.submit(body);
    }

    /** The answer's status, content type and body are those documented for the operation. */
    private static void assertConforms(String path, String method, HttpClientResponse res) {
        // a 204 has no entity at all, which as(String.class) refuses
        String body = res.entity().hasEntity() ? res.as(String.class) : "";
        assertConforms(path, method, res.status(), body.isEmpty() && res.headers().contentType().isEmpty()
                ? null : contentType(res), body);
    }

    /** As above, for an answer whose body was already read. */
    private static void assertConforms(String path, String method, Status answered, String type, String body) {
        String what = method.toUpperCase(java.util.Locale.ROOT) + " " + path + " -> " + answered.code();
        JsonObject responses = DOC.getJsonObject("paths").getJsonObject(path).getJsonObject(method)
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

    private static void assertValid(String schemaPointer, String json, String what) {
        List<Error> errors = schema(schemaPointer).validate(json, InputFormat.JSON);
        assertThat(what + ": " + json + " against " + schemaPointer + ": " + errors, errors, is(empty()));
    }

    /** The schema at a pointer of the document, with the document around it so its references resolve. */
    private static Schema schema(String pointer) {
        return COMPILED.computeIfAbsent(pointer, p -> {
            assertThat(p + " exists", pointer(p), notNullValue());
            JsonObject root = Json.createObjectBuilder()
                    .add("$schema", "https://json-schema.org/draft/2020-12/schema")
                    .add("$ref", p)
                    .add("components", DOC.getJsonObject("components"))
                    .add("paths", DOC.getJsonObject("paths"))
                    .build();
            return SCHEMAS.getSchema(root.toString(), InputFormat.JSON);
        });
    }

    private interface MediaTypeVisitor {
        void visit(String location, JsonObject mediaType);
    }

    /** Every media type object under responses and request bodies, with its JSON pointer. */
    private static void forEachMediaType(MediaTypeVisitor visitor) {
        DOC.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().forEach((method, op) -> {
            String at = "#/paths/" + escape(path) + "/" + method;
            op.asJsonObject().getJsonObject("responses").forEach((status, response) -> {
                if (!response.asJsonObject().containsKey("$ref")) {
                    visitContent(at + "/responses/" + status, response.asJsonObject(), visitor);
                }
            });
        }));
        JsonObject components = DOC.getJsonObject("components");
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

    private static JsonObject resolve(JsonObject object) {
        return object.containsKey("$ref") ? pointer(object.getString("$ref")).asJsonObject() : object;
    }

    private static JsonValue pointer(String ref) {
        try {
            return Json.createPointer(ref.substring(1)).getValue(DOC);
        } catch (jakarta.json.JsonException e) {
            return null;
        }
    }

    private static void collectRefs(JsonValue value, List<String> refs) {
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

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String resource() {
        try (InputStream in = OpenApiService.class.getResourceAsStream(OpenApiService.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
