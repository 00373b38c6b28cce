package io.nspsconnector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.nspsconnector.logging.JsonLogConfigurator;
import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.ChildConnector;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.WtlFake;
import io.nspsconnector.testing.WtlFake.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/**
 * Graceful shutdown of the real process: a child JVM gets a real SIGTERM ({@link Process#destroy()}) while an event
 * is in flight. Readiness goes DOWN first, new events are refused with 503, the event in flight is answered, then
 * the process exits; an event still running at the end of the grace period never gets a 2xx.
 * <p>
 * {@code /health/ready} and the connector's log are polled for the states (the log goes to a file, as
 * {@link Process#destroy()} closes the pipes).
 */
class ShutdownTest {

    private static final String TOKEN = "shutdown-test-token";

    private final WtlFake wtl = WtlFake.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    Path dir;
    private Process process;
    private Path log;

    @AfterEach
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        wtl.close();
    }

    @Test
    void sigtermTurnsNotReadyRefusesNewEventsAnswersTheOneInFlightThenExits() throws Exception {
        int port = start("PT10S");
        wtl.enqueue(Reply.hanging());
        CompletableFuture<HttpResponse<String>> inFlight = postAsync(port, "in-flight");
        await(() -> wtl.calls().size() == 1, "the event reached WTL");

        process.destroy();
        await(() -> status(port, "/health/ready") == 503, "readiness DOWN");
        HttpResponse<String> refused = post(port, "arrived-while-stopping");
        wtl.releaseHangs();
        HttpResponse<String> answered = inFlight.get(20, TimeUnit.SECONDS);
        boolean exited = process.waitFor(20, TimeUnit.SECONDS);

        assertThat(refused.statusCode(), is(503));
        assertThat(refused.body(), containsString("shutting down"));
        assertThat(answered.statusCode(), is(202));
        assertThat(answered.body(), is("{\"message\":\"Event processed successfully\"}"));
        assertThat(exited, is(true));
        assertThat("every event answered: exit status 0", process.exitValue(), is(0));
        assertThat("the refused event never reached WTL", wtl.calls(), hasSize(1));
        assertThat(output(), containsString("Every event in flight was answered"));
        assertThat(output(), not(containsString(TOKEN)));
    }

    @Test
    void anEventStillInFlightAtTheEndOfTheGracePeriodGetsNo2xxAndTheProcessExitsOnTime() throws Exception {
        int port = start("PT1S");
        wtl.enqueue(Reply.hanging());
        CompletableFuture<HttpResponse<String>> inFlight = postAsync(port, "cut-off");
        await(() -> wtl.calls().size() == 1, "the event reached WTL");

        long start = System.nanoTime();
        process.destroy();
        boolean exited = process.waitFor(20, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        int status;
        try {
            status = inFlight.get(10, TimeUnit.SECONDS).statusCode();
        } catch (java.util.concurrent.ExecutionException e) {
            status = -1; // connection closed without an answer: NSPS retries it like any non-2xx
        }

        assertThat(exited, is(true));
        assertThat("exits after the 1 s grace, not after the 30 s WTL attempt timeout", millis, lessThan(10_000L));
        assertThat("cut off by the grace period: never a 2xx", status / 100 == 2, is(false));
        // the running WTL attempt is cut at the shortened deadline, so the event is answered 503 within the grace
        assertThat(output(), org.hamcrest.Matchers.anyOf(containsString("Every event in flight was answered"),
                                                         containsString("Grace period over")));
    }

    @Test
    void withTheEmbeddedSimulatorAnEventInFlightAtSigtermIsStillApplied() throws Exception {
        // the simulator holds each answer back 3 s, so the event is in flight, waiting for WTL, when SIGTERM comes;
        // the simulator must stay up until the drain is over (it used to stop with the JVM's shutdown hooks, and
        // the event then failed with 503 "Core service is not available")
        int port = startWithSimulator();
        CompletableFuture<HttpResponse<String>> inFlight = postAsync(port, "sim-drain");
        await(() -> body(port, "/health/ready").contains("\"in_flight\":1"), "the event in flight");

        process.destroy();
        HttpResponse<String> answer = inFlight.get(20, TimeUnit.SECONDS);

        assertThat(answer.body(), answer.statusCode(), is(202));
        assertThat(answer.body(), containsString("Event processed successfully"));
        assertThat(process.waitFor(20, TimeUnit.SECONDS), is(true));
        assertThat(process.exitValue(), is(0));
    }

    private int startWithSimulator() throws IOException {
        return start(Map.of("CONFIG_DIR", "config", "PORT", "0", "API_TOKEN", TOKEN,
                            "CONNECTOR_DELIVERY_SHUTDOWN_GRACE_PERIOD", "PT10S",
                            "CONNECTOR_SIMULATOR_LATENCY", "PT3S"), "--simulator");
    }

    private int start(String grace) throws IOException {
        return start(Map.of("CONFIG_DIR", "config", "PORT", "0", "API_TOKEN", TOKEN,
                            "WTL_API_URL", wtl.baseUrl(), "WTL_API_TOKEN", "shutdown-wtl-token",
                            "CONNECTOR_DELIVERY_SHUTDOWN_GRACE_PERIOD", grace,
                            "CONNECTOR_WTL_ATTEMPT_TIMEOUT", "PT30S",
                            "CONNECTOR_WTL_EVENT_DEADLINE", "PT60S"));
    }

    private int start(Map<String, String> env, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // the production logging set-up (asynchronous appender, flushed by the shutdown hook), not the tests' one
        List<String> command = new ArrayList<>(List.of(
                java, "-D" + JsonLogConfigurator.FORCE_PROPERTY + "=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("API_") || k.startsWith("WTL_")
                || k.startsWith("CONNECTOR_") || k.equals("PORT") || k.equals("CONFIG_DIR"));
        builder.environment().putAll(env);
        // to a file: Process.destroy() closes the pipes, and what the process logs while stopping is asserted on
        log = dir.resolve("connector.log");
        process = builder.redirectOutput(log.toFile()).start();
        return ChildConnector.awaitReadyPort(process, log, Duration.ofSeconds(60));
    }

    private String output() {
        return ChildConnector.read(log);
    }

    private CompletableFuture<HttpResponse<String>> postAsync(int port, String id) {
        return http.sendAsync(request(port, id), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String id) throws IOException, InterruptedException {
        return http.send(request(port, id), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(int port, String id) {
        String body = Fixtures.text("nsps/sim-updated.json").replace("3e84c79f-ab6f-4546-8e27-0b6ab866f1fb", id);
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/process-event"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private String body(int port, String path) {
        return ChildConnector.body(http, port, path);
    }

    private int status(int port, String path) {
        return ChildConnector.status(http, port, path);
    }

    /** Polls a condition (not a fixed sleep): returns as soon as it holds, fails after 20 s. */
    private static void await(BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofSeconds(20), Duration.ofMillis(5), condition);
    }
}
