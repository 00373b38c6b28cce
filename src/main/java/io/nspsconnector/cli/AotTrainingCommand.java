package io.nspsconnector.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.nspsconnector.Connector;
import io.nspsconnector.Main;
import io.nspsconnector.config.ConnectorConfig;
import io.nspsconnector.logging.Logs;

/**
 * {@code aot-training}: a short, self-contained run of the connector for the JDK's ahead-of-time cache. The build
 * runs {@code java -XX:AOTCacheOutput=nsps-connector.aot -jar nsps-connector.jar aot-training} (JDK 25+; on older
 * JDKs a CDS archive with {@code -XX:ArchiveClassesAtExit}); later starts with {@code -XX:AOTCache=...} find the
 * classes already loaded and linked, and the hot methods already profiled, and reach their first 202 sooner.
 * <p>
 * It starts the real connector with its embedded WTL simulator on free loopback ports, sends it the kinds of
 * traffic production sees (events for many subscribers from several clients, a wrong token, an invalid event,
 * probes, metrics, a dry run), checks the answers, stops it and exits: 0 when every answer was the expected one. It
 * runs at INFO, as shipped, so the access line's encoding is trained too; its log lines go nowhere.
 */
public final class AotTrainingCommand {

    /** The subcommand's name. */
    public static final String NAME = "aot-training";

    private static final String TOKEN = "aot-training-token";
    private static final int CLIENTS = 8;
    private static final int EVENTS_PER_CLIENT = 2500;

    private AotTrainingCommand() {
    }

    /**
     * @param configDir config directory whose {@code mappings.yaml} is used
     * @return exit code
     */
    public static int run(Path configDir) {
        Logs.bridgeJul();
        // the log lines are made and encoded as in production (that is what trains the access line's path), then
        // dropped: tens of thousands of them would only fill the build's output
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return train(configDir);
        } finally {
            System.setOut(stdout);
        }
    }

    private static int train(Path configDir) {
        Map<String, String> env = new HashMap<>();
        env.put("API_TOKEN", TOKEN);
        env.put("PORT", "0");
        // the shipped level: the access line and its JSON encoding are on the 202 path, and trained with it
        env.put("LOG_LEVEL", "INFO");
        Config root = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(Map.of("connector.simulator.port", "0",
                                                       "connector.reload.enabled", "false")))
                .addSource(ConfigSources.create(Main.loadConfig(configDir)))
                .build();
        ConnectorConfig config = ConnectorConfig.from(root, env, configDir, true);
        Logs.level(config.logging().level());
        Connector connector = Connector.create(config, env);
        WebServer server = connector.configure(WebServer.builder(), root).build().start();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            URI base = URI.create("http://127.0.0.1:" + server.port());
            List<Future<Integer>> runs = new java.util.ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int clientNumber = c;
                runs.add(clients.submit(() -> traffic(client, base, clientNumber)));
            }
            int wrong = 0;
            for (Future<Integer> run : runs) {
                wrong += run.get();
            }
            System.err.println("aot-training: " + CLIENTS * EVENTS_PER_CLIENT + " events sent, "
                                       + wrong + " unexpected answers");
            return wrong == 0 ? 0 : 1;
        } catch (Exception e) {
            System.err.println("aot-training failed: " + e);
            return 1;
        } finally {
            connector.shutdown(server);
        }
    }

    private static int traffic(HttpClient client, URI base, int clientNumber) throws IOException, InterruptedException {
        int wrong = 0;
        for (int i = 0; i < EVENTS_PER_CLIENT; i++) {
            String imsi = String.format("00101%010d", clientNumber * 100_000L + i);
            wrong += expect(client, post(base, "/process-event", TOKEN, event("aot-" + clientNumber + "-" + i, imsi)),
                            202);
            if (i % 25 == 0) {
                wrong += expect(client, post(base, "/process-event", "wrong-token", event("x", imsi)), 401);
                wrong += expect(client, post(base, "/process-event", TOKEN, "{\"event_id\":\"x\",\"data\":{}}"), 422);
                wrong += expect(client, post(base, "/explain", TOKEN, event("aot-explain-" + i, imsi)), 200);
                wrong += expect(client, HttpRequest.newBuilder(base.resolve("/health/ready")).build(), 200);
                wrong += expect(client, HttpRequest.newBuilder(base.resolve("/metrics")).build(), 200);
                wrong += expect(client, HttpRequest.newBuilder(base.resolve("/no-such-path")).build(), 404);
            }
        }
        return wrong;
    }

    private static int expect(HttpClient client, HttpRequest request, int status)
            throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == status ? 0 : 1;
    }

    private static HttpRequest post(URI base, String path, String token, String body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** An NSPS SIM/Updated event of the documented shape. */
    private static String event(String eventId, String imsi) {
        return """
                {"event_id":"%s","created_at":"2025-03-12T16:47:30.443939+00:00",
                 "data":{"event_type":"SIM/Updated","variables":{"i_env":1,"i_account":1}},
                 "pb_data":{"account_info":{"bill_status":"open","blocked":false,"id":"79123456789@msisdn"},
                            "sim_info":{"imsi":"%s"},
                            "access_policy_info":{"attributes":[
                                {"group_name":"lte.wtl","name":"cs_profile","value":"cs-pp-20250319"},
                                {"group_name":"lte.wtl","name":"eps_profile","value":"eps-pp-20250319"}]}}}
                """.formatted(eventId, imsi);
    }
}
