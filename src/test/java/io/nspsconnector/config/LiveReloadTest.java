package io.nspsconnector.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.KubeletVolume;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

/**
 * Live configuration, rehearsed the way Kubernetes delivers it: the config directory and the Secret are volumes
 * that the kubelet updates by swapping a {@code ..data} symlink ({@link KubeletVolume}). Covers a good mappings
 * change, a broken one, API and WTL token rotation, and that an event never sees a mix of two mapping versions.
 */
class LiveReloadTest {

    private static final Pattern PROFILES = Pattern.compile("\"cs_profile\":\"([^\"]+)\",.*\"eps_profile\":\"([^\"]+)\"");
    private static final byte[] EVENT = Fixtures.bytes("nsps/sim-updated.json");

    @TempDir
    Path tmp;

    private WtlFake wtl;
    private KubeletVolume config;
    private KubeletVolume secret;
    private TestConnector.Server server;

    @BeforeEach
    void volumes() throws Exception {
        wtl = WtlFake.start();
        config = KubeletVolume.create(java.nio.file.Files.createDirectory(tmp.resolve("config")),
                                      Map.of("mappings.yaml", mappings("v1")));
        secret = KubeletVolume.create(java.nio.file.Files.createDirectory(tmp.resolve("secret")),
                                      Map.of("api-tokens", "token-one\n", "wtl-token", "wtl-one"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        wtl.close();
    }

    @Test
    void goodMappingsChangeIsAppliedWithinTenSecondsWithoutRestart() throws Exception {
        start(Map.of("connector.reload.interval", "PT0.2S"));
        assertThat(post("token-one"), is(202));
        assertThat(lastProfiles(), is(List.of("cs-v1", "eps-v1")));

        config.put("mappings.yaml", mappings("v2"));
        Duration took = awaitDefault("cs-v2", Duration.ofSeconds(10));
        assertThat(took, lessThan(Duration.ofSeconds(10)));

        assertThat(post("token-one"), is(202));
        assertThat(lastProfiles(), is(List.of("cs-v2", "eps-v2")));
    }

    @Test
    void brokenMappingsAreRejectedAndTheLastGoodOnesStayInForce() throws Exception {
        start(Map.of());
        config.put("mappings.yaml", "events:\n  SIM/Updated: frobnicate\nprofiles: [\n");
        server.connector().checkConfigurationNow();

        assertThat(post("token-one"), is(202));
        assertThat(lastProfiles(), is(List.of("cs-v1", "eps-v1")));
        JsonObject mappings = readinessDetails();
        assertThat(mappings.getString("mappings"), startsWith("rejected, last good version in force"));
        assertThat(mappings.getString("mappings"), containsString("not valid YAML"));

        config.put("mappings.yaml", "events:\n  SIM/Updated: frobnicate\n");
        server.connector().checkConfigurationNow();
        assertThat(readinessDetails().getString("mappings"), containsString("unknown WTL action 'frobnicate'"));
        assertThat(post("token-one"), is(202));
        assertThat(lastProfiles(), is(List.of("cs-v1", "eps-v1")));

        config.update(Map.of());   // the key removed from the ConfigMap
        server.connector().checkConfigurationNow();
        assertThat(readinessDetails().getString("mappings"), containsString("file not found"));
        assertThat(post("token-one"), is(202));

        config.put("mappings.yaml", mappings("v3"));
        server.connector().checkConfigurationNow();
        assertThat(readinessDetails().getString("mappings"), is("in force"));
        assertThat(post("token-one"), is(202));
        assertThat(lastProfiles(), is(List.of("cs-v3", "eps-v3")));
    }

    @Test
    void rotatedApiTokenWorksAlongsideTheOldOneUntilTheOldIsRemoved() throws Exception {
        start(Map.of());
        assertThat(post("token-one"), is(202));
        assertThat(post("token-two"), is(401));

        secret.put("api-tokens", "token-one\ntoken-two\n");
        server.connector().checkConfigurationNow();
        assertThat(post("token-one"), is(202));
        assertThat(post("token-two"), is(202));

        secret.put("api-tokens", "token-two\n");
        server.connector().checkConfigurationNow();
        assertThat(post("token-one"), is(401));
        assertThat(post("token-two"), is(202));

        secret.put("api-tokens", "\n");   // an emptied Secret must not lock NSPS out
        server.connector().checkConfigurationNow();
        assertThat(post("token-two"), is(202));
        assertThat(readinessDetails().getString("api-tokens"), containsString("holds no token"));
    }

    @Test
    void rotatedWtlTokenIsSentFromTheNextEventOn() throws Exception {
        start(Map.of());
        assertThat(post("token-one"), is(202));
        assertThat(wtl.calls().getLast().authorization(), is("Bearer wtl-one"));

        secret.put("wtl-token", "wtl-two\n");
        server.connector().checkConfigurationNow();
        assertThat(post("token-one"), is(202));
        assertThat(wtl.calls().getLast().authorization(), is("Bearer wtl-two"));
    }

    @Test
    void rotatedNetworkAsCodeTokenIsAcceptedWithoutRestart() throws Exception {
        secret.put("nac-tokens", "nac-one\n");
        start(Map.of("connector.nac.enabled", "true"), Map.of("NAC_NOTIFICATION_TOKEN_FILE",
                                                              secret.file("nac-tokens").toString()));
        assertThat(notify("nac-one"), is(204));
        assertThat(notify("nac-two"), is(401));

        secret.put("nac-tokens", "nac-one\nnac-two\n");
        server.connector().checkConfigurationNow();
        assertThat(notify("nac-one"), is(204));
        assertThat(notify("nac-two"), is(204));

        secret.put("nac-tokens", "nac-two\n");
        server.connector().checkConfigurationNow();
        assertThat(notify("nac-one"), is(401));
        assertThat(notify("nac-two"), is(204));
    }

    @Test
    void everyEventSeesOneWholeVersionOfTheMappingsWhileTheyChange() throws Exception {
        start(Map.of());
        AtomicBoolean swapping = new AtomicBoolean(true);
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                running.add(senders.submit(() -> {
                    while (swapping.get()) {
                        statuses.add(post("token-one"));
                    }
                }));
            }
            for (int version = 0; version < 60; version++) {
                config.put("mappings.yaml", mappings("v" + version));
                server.connector().checkConfigurationNow();
            }
            swapping.set(false);
            for (Future<?> f : running) {
                f.get();
            }
        }
        assertThat(statuses.stream().filter(s -> s != 202).toList(), is(empty()));
        List<WtlFake.Call> calls = wtl.calls();
        assertThat(calls.size(), greaterThan(8));
        for (WtlFake.Call call : calls) {
            List<String> p = profiles(call.body());
            assertThat(call.body(), p.get(0).substring(3), is(p.get(1).substring(4)));
        }
    }

    private void start(Map<String, String> overrides) {
        start(overrides, Map.of());
    }

    private void start(Map<String, String> overrides, Map<String, String> extraEnv) {
        Map<String, String> keys = new HashMap<>(Map.of("connector.reload.enabled", "true",
                                                        "connector.reload.interval", "PT1M",
                                                        "connector.logging.access-log", "false"));
        keys.putAll(overrides);
        Map<String, String> env = new HashMap<>(Map.of("API_TOKEN_FILE", secret.file("api-tokens").toString(),
                                                       "WTL_API_TOKEN_FILE", secret.file("wtl-token").toString(),
                                                       "WTL_API_URL", wtl.baseUrl()));
        env.putAll(extraEnv);
        server = TestConnector.start(config.dir(), env, keys);
    }

    private int post(String token) {
        Http1Client client = server.client();
        try (Http1ClientResponse res = client.post("/process-event")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(EVENT)) {
            return res.status().code();
        }
    }

    private int notify(String token) {
        try (Http1ClientResponse res = server.client().post("/notifications")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token)
                .header(HeaderNames.CONTENT_TYPE, "application/cloudevents+json")
                .submit(Fixtures.bytes("nac/g1-connectivity-data.json"))) {
            return res.status().code();
        }
    }

    private JsonObject readinessDetails() {
        try (Http1ClientResponse res = server.client().get("/health/ready").request()) {
            assertThat(res.status().code(), is(200));
            JsonObject health = res.as(JsonObject.class);
            return health.getJsonArray("checks").stream()
                    .map(JsonObject.class::cast)
                    .filter(c -> c.getString("name").equals("configuration"))
                    .findFirst().orElseThrow()
                    .getJsonObject("data");
        }
    }

    /** Polls what the service holds until the change shows, up to a limit; returns how long it took. */
    private Duration awaitDefault(String csDefault, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        while (!server.connector().mappings().csProfile().fallback().equals(csDefault)) {
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError("mappings not reloaded within " + limit);
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private List<String> lastProfiles() {
        assertThat(wtl.calls(), hasSize(greaterThan(0)));
        return profiles(wtl.calls().getLast().body());
    }

    private static List<String> profiles(String body) {
        Matcher m = PROFILES.matcher(body);
        assertThat(body, m.find(), is(true));
        return List.of(m.group(1), m.group(2));
    }

    /** Mappings whose profile defaults name the version; the event's attributes are not used. */
    private static String mappings(String version) {
        return """
                events:
                  SIM/Updated: update
                profiles:
                  cs_profile:
                    attribute: no_such_attribute
                    default: cs-%1$s
                  eps_profile:
                    attribute: no_such_attribute
                    default: eps-%1$s
                """.formatted(version);
    }
}
