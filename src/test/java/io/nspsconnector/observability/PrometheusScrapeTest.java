package io.nspsconnector.observability;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.nspsconnector.Main;
import io.nspsconnector.logging.JsonLogConfigurator;
import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.ChildConnector;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.WtlFake;
import io.nspsconnector.testing.WtlFake.Reply;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Prometheus scrapes a real connector: the connector runs in its own JVM (as in production, its registry holds
 * only its own meters) on a free loopback port, provisions a WTL fake, and is scraped by Debian's {@code prometheus}
 * binary started on loopback with a generated configuration. Checks that {@code promtool check metrics} finds nothing
 * in the exposition, that Prometheus scrapes it (OpenMetrics negotiated), that the connector's series and a
 * {@code histogram_quantile} over the event latency come back through Prometheus' HTTP API, and that every metric the
 * shipped dashboard and alert rules use is exported.
 * <p>
 * Skipped when the binaries are absent, unless {@code -Dnsps.observability.require=true} (.ci/observability-checks
 * installs the package and sets it, so CI never skips it).
 */
class PrometheusScrapeTest {

    private static final Pattern METRIC_IN_EXPR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    private static final String TOKEN = "scrape-test-token";
    private static final String NAC_TOKEN = "scrape-test-nac-token";
    private static final String OPENMETRICS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private WtlFake wtl;
    @TempDir
    Path dir;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (wtl != null) {
            wtl.close();
        }
    }

    @Test
    void prometheusScrapesTheConnectorAndEveryDashboardAndAlertMetricIsExported() throws Exception {
        Optional<Path> prometheus = binary("prometheus");
        Optional<Path> promtool = binary("promtool");
        boolean required = Boolean.getBoolean("nsps.observability.require");
        if (required && (prometheus.isEmpty() || promtool.isEmpty())) {
            throw new AssertionError("prometheus and promtool must be on PATH (apt-get install prometheus)");
        }
        assumeTrue(prometheus.isPresent() && promtool.isPresent(),
                   "prometheus/promtool not installed (Debian: apt-get install prometheus): real scrape not tested");

        wtl = WtlFake.start();
        Path config = dir.resolve("config");
        Files.createDirectories(config);
        Files.copy(Path.of("config", "application.yaml"), config.resolve("application.yaml"));
        Files.copy(Path.of("config", "mappings.yaml"), config.resolve("mappings.yaml"));
        int port = startConnector(config);
        String base = "http://127.0.0.1:" + port;

        // every series the dashboard and the rules use: events, a WTL retry, NaC notifications, a config reload
        assertThat(postEvent(base), is(202));
        wtl.enqueue(Reply.of(503, "{\"error\":\"busy\"}"));
        assertThat(postEvent(base), is(202));
        String notification = notification();
        assertThat(postNotification(base, NAC_TOKEN, notification), is(204));
        assertThat("a re-delivery is answered 204 and not applied", postNotification(base, NAC_TOKEN, notification),
                   is(204));
        assertThat(postNotification(base, "wrong-token", notification), is(401));
        Files.writeString(config.resolve("mappings.yaml"), "\n# edited\n", java.nio.file.StandardOpenOption.APPEND);
        await(() -> get(base + "/metrics", "text/plain").contains("config_reloads_total{file=\"mappings\","
                                                                      + "outcome=\"applied\""), "mappings reload");

        // the GC pause series appear with the first collection after start: ask the connector's JVM for one
        String jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd").toString();
        run(List.of(jcmd, Long.toString(processes.getFirst().pid()), "GC.run"), "");
        await(() -> get(base + "/metrics", "text/plain").contains("jvm_gc_collections_total{"), "the GC meters");

        String text = get(base + "/metrics", "text/plain");
        ProcessResult lint = run(List.of(promtool.get().toString(), "check", "metrics"), text);
        assertThat("promtool check metrics: " + lint.output, lint.exit, is(0));
        assertThat("promtool check metrics findings", lint.output.strip(), is(""));
        assertThat("histograms carry no quantile samples", text, not(containsString("quantile=")));
        assertThat("no scope label", text, not(containsString("scope=")));
        assertThat("no vendor meters unless asked for", text, not(containsString("requests_count_total")));

        HttpResponse<String> openMetrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                                                             .header("Accept", OPENMETRICS_ACCEPT).build(),
                                                     HttpResponse.BodyHandlers.ofString());
        assertThat(openMetrics.headers().firstValue("Content-Type").orElse(""),
                   containsString("application/openmetrics-text"));
        assertThat(openMetrics.body().strip().endsWith("# EOF"), is(true));

        List<String> missing = new ArrayList<>();
        for (String metric : metricsUsed()) {
            if (!text.contains("\n" + metric + "{") && !text.contains("\n" + metric + " ")) {
                missing.add(metric);
            }
        }
        assertThat("metrics used by the dashboard or the alerts but not exported", missing, is(empty()));

        // a real Prometheus on loopback scrapes it every second
        int promPort = freePort();
        Path promConfig = dir.resolve("prometheus.yml");
        Files.writeString(promConfig, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: nsps-connector
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(port));
        start(List.of(prometheus.get().toString(), "--config.file=" + promConfig,
                      "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + promPort,
                      "--log.level=warn"), dir.resolve("prometheus.log"));
        String api = "http://127.0.0.1:" + promPort + "/api/v1/";
        await(() -> {
            JsonObject targets = json(api + "targets");
            if (targets == null) {
                return false;
            }
            JsonArray active = targets.getJsonObject("data").getJsonArray("activeTargets");
            return !active.isEmpty() && active.getJsonObject(0).getString("health").equals("up");
        }, "Prometheus reports the connector target up");
        JsonObject target = json(api + "targets").getJsonObject("data").getJsonArray("activeTargets").getJsonObject(0);
        assertThat("scrape error: " + target.getString("lastError"), target.getString("lastError"), is(""));

        // events after the first scrape, so that the latency histogram has a rate
        for (int i = 0; i < 3; i++) {
            assertThat(postEvent(base), is(202));
        }
        await(() -> !query(api, "nsps_events_total{job=\"nsps-connector\",outcome=\"processed\"}").isEmpty(),
              "nsps_events_total through the Prometheus API");
        JsonArray series = query(api, "nsps_events_total{job=\"nsps-connector\",outcome=\"processed\"}");
        assertThat(series.getJsonObject(0).getJsonObject("metric").getString("event_type"), is("SIM/Updated"));
        assertThat(series.getJsonObject(0).getJsonObject("metric").containsKey("scope"), is(false));
        String p99 = "histogram_quantile(0.99, sum by (le) (rate(nsps_event_duration_seconds_bucket"
                + "{job=\"nsps-connector\"}[10s])))";
        await(() -> {
            JsonArray r = query(api, p99);
            return !r.isEmpty() && finite(r.getJsonObject(0).getJsonArray("value").getString(1));
        }, "a finite p99 event latency");
        double seconds = Double.parseDouble(query(api, p99).getJsonObject(0).getJsonArray("value").getString(1));
        assertThat("p99 within the histogram's range: " + seconds, seconds > 0 && seconds <= 20, is(true));
        assertThat(query(api, "wtl_retries_total{job=\"nsps-connector\",reason=\"http_503\"}").isEmpty(), is(false));
    }

    /** Metric names in the dashboard's and the alert rules' expressions (every one has a selector). */
    static TreeSet<String> metricsUsed() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (Path file : List.of(Path.of("helm", "nsps-connector", "dashboards", "nsps-connector.json"),
                                 Path.of("observability", "prometheus", "nsps-connector-alerts.yaml"))) {
            Matcher m = METRIC_IN_EXPR.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        names.removeIf(n -> n.equals("label_values")); // Grafana's variable function, not a metric
        assertThat(names.size() > 15, is(true));
        return names;
    }

    private int startConnector(Path config) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // a quick start matters more than peak speed here
        List<String> command = List.of(java, "-XX:TieredStopAtLevel=1", "-D" + JsonLogConfigurator.FORCE_PROPERTY + "=true",
                                       "-cp", System.getProperty("java.class.path"), Main.class.getName());
        Map<String, String> env = Map.ofEntries(
                Map.entry("CONFIG_DIR", config.toString()), Map.entry("PORT", "0"), Map.entry("API_TOKEN", TOKEN),
                Map.entry("WTL_API_URL", wtl.baseUrl()), Map.entry("WTL_API_TOKEN", "scrape-wtl-token"),
                Map.entry("NAC_ENABLED", "true"), Map.entry("NAC_NOTIFICATION_TOKEN", NAC_TOKEN),
                Map.entry("CONNECTOR_RELOAD_INTERVAL", "PT0.2S"),
                // the same fixture is posted several times: each post must reach WTL
                Map.entry("CONNECTOR_DELIVERY_APPLIED_EVENTS_MAX_SIZE", "0"),
                Map.entry("CONNECTOR_DELIVERY_SUBSCRIBERS_MAX_SIZE", "0"),
                Map.entry("CONNECTOR_WTL_RETRY_INITIAL_DELAY", "PT0.01S"));
        Path log = dir.resolve("connector.log");
        Process process = start(command, env, log);
        return ChildConnector.awaitReadyPort(process, log, Duration.ofSeconds(60));
    }

    private Process start(List<String> command, Path log) throws IOException {
        return start(command, Map.of(), log);
    }

    private Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("API_") || k.startsWith("WTL_")
                || k.startsWith("NAC_") || k.startsWith("CONNECTOR_") || k.equals("PORT") || k.equals("CONFIG_DIR"));
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private int postEvent(String base) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/process-event"))
                                 .header("Authorization", "Bearer " + TOKEN)
                                 .header("Content-Type", "application/json")
                                 .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.bytes("nsps/sim-updated.json")))
                                 .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int postNotification(String base, String token, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/notifications"))
                                 .header("Authorization", "Bearer " + token)
                                 .header("Content-Type", "application/cloudevents+json")
                                 .POST(HttpRequest.BodyPublishers.ofString(body))
                                 .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String notification() {
        String sub = java.util.UUID.randomUUID().toString();
        return "{\"id\":\"" + java.util.UUID.randomUUID() + "\",\"source\":\"/device-status/v0/subscriptions/" + sub
                + "\",\"type\":\"org.camaraproject.device-status.v0.connectivity-data\",\"specversion\":\"1.0\","
                + "\"time\":\"2024-05-23T08:15:02.114529Z\",\"data\":{\"device\":{\"phoneNumber\":\"+3670123456\"},"
                + "\"subscriptionId\":\"" + sub + "\"}}";
    }

    private String get(String url, String accept) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).build(),
                             HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private JsonObject json(String url) {
        String body = get(url, "application/json");
        if (body.isEmpty() || !body.startsWith("{")) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new java.io.StringReader(body))) {
            return reader.readObject();
        }
    }

    private JsonArray query(String api, String promql) {
        JsonObject answer = json(api + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (answer == null || !answer.getString("status").equals("success")) {
            return Json.createArrayBuilder().build();
        }
        return answer.getJsonObject("data").getJsonArray("result");
    }

    private static boolean finite(String value) {
        double d = Double.parseDouble(value);
        return !Double.isNaN(d) && !Double.isInfinite(d);
    }

    private record ProcessResult(int exit, String output) {
    }

    private static ProcessResult run(List<String> command, String input) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new ProcessResult(p.exitValue(), output);
    }

    private static Optional<Path> binary(String name) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(entry, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Polls a condition (not a fixed sleep): returns as soon as it holds, fails after 60 s. */
    private static void await(Supplier<Boolean> condition, String what) {
        Await.until(what, Duration.ofSeconds(60), Duration.ofMillis(100), condition::get);
    }
}
