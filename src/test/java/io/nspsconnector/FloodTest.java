package io.nspsconnector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.nspsconnector.logging.JsonLogConfigurator;
import io.nspsconnector.testing.Await;
import io.nspsconnector.testing.ChildConnector;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.WtlFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * An unauthenticated connection flood against the real process: a child JVM that exits on OutOfMemoryError, with a
 * heap small enough that the flood (connections left idle after one GET, and connections trickling a header line
 * now and then) would exhaust it if every connection were kept. The process must survive, answer a well-behaved
 * client's event during the flood, and be normal again after it.
 * <p>
 * Sized for CI by default (a 64 MiB heap, 5,000 connections). The full-size run under the Helm chart's JVM flags:
 * {@code -Dflood.connections=20000 -Dflood.jvm="-XX:MaxRAM=512m -XX:+UseG1GC -XX:MaxRAMPercentage=70
 * -XX:+ExitOnOutOfMemoryError" -Dflood.maxConnections=} (empty: the shipped default), see {@code bench/flood}.
 */
class FloodTest {

    private static final String TOKEN = "flood-test-token";
    private static final int CONNECTIONS = Integer.getInteger("flood.connections", 5000);
    private static final String JVM = System.getProperty("flood.jvm", "-Xmx64m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError");
    private static final String MAX_CONNECTIONS = System.getProperty("flood.maxConnections", "1000");

    private final WtlFake wtl = WtlFake.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<SocketChannel> flood = new ArrayList<>();
    @TempDir
    Path dir;
    private Process process;
    private Path log;

    @AfterEach
    void stop() {
        closeFlood();
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        wtl.close();
    }

    @Test
    void floodOfIdleAndTricklingConnectionsNeitherKillsTheProcessNorLocksOutAWellBehavedClient() throws Exception {
        int port = start();
        long floodStart = System.nanoTime();
        List<SocketChannel> trickling = new ArrayList<>();
        byte[] get = "GET /health/live HTTP/1.1\r\nHost: flood\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] firstLine = "GET /process-event HTTP/1.1\r\nHost: flood\r\n".getBytes(StandardCharsets.US_ASCII);
        int refused = 0;
        for (int i = 0; i < CONNECTIONS && process.isAlive(); i++) {
            try {
                SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                c.write(ByteBuffer.wrap(i % 2 == 0 ? get : firstLine));
                flood.add(c);
                if (i % 2 == 1) {
                    trickling.add(c);
                }
            } catch (IOException e) {
                refused++;
            }
        }
        long opened = System.nanoTime() - floodStart;
        AtomicBoolean trickle = new AtomicBoolean(true);
        Thread trickler = Thread.ofPlatform().daemon().start(() -> {
            byte[] line = "X-Trickle: 1\r\n".getBytes(StandardCharsets.US_ASCII);
            while (trickle.get()) {
                for (SocketChannel c : trickling) {
                    try {
                        c.write(ByteBuffer.wrap(line));
                    } catch (IOException e) {
                        // closed by the connector
                    }
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1000));
            }
        });

        // a well-behaved client during the flood
        long goodStart = System.nanoTime();
        int duringFlood = postEvent(port, "during-flood");
        long goodMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - goodStart);
        boolean aliveDuringFlood = process.isAlive();
        long rss = rssKib();

        trickle.set(false);
        trickler.join(5000);
        closeFlood();
        long recoveryStart = System.nanoTime();
        await(() -> !process.isAlive() || status(port, "/health/live") == 200, "live after the flood");
        int afterFlood = postEvent(port, "after-flood");
        long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recoveryStart);

        System.out.printf("FLOOD connections=%d refused=%d opened_in_ms=%d jvm=[%s] max_connections=%s good_client=%d "
                                  + "in %d ms, rss_during_flood=%d MiB, after=%d (%d ms), alive=%s%n",
                          CONNECTIONS, refused, TimeUnit.NANOSECONDS.toMillis(opened), JVM, MAX_CONNECTIONS,
                          duringFlood, goodMillis, rss / 1024, afterFlood, recoveryMillis, process.isAlive());
        Files.writeString(Path.of("target", "flood-connector.log"), output());
        assertThat("the process survived the flood", aliveDuringFlood && process.isAlive(), is(true));
        assertThat("a well-behaved client is served during the flood", duringFlood, is(202));
        assertThat("and within a bound", goodMillis, lessThan(30_000L));
        assertThat("normal again after the flood, without a restart", afterFlood, is(202));
    }

    private int postEvent(int port, String id) {
        String body = Fixtures.text("nsps/sim-updated.json").replace("3e84c79f-ab6f-4546-8e27-0b6ab866f1fb", id);
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/process-event"))
                                     .header("Authorization", "Bearer " + TOKEN)
                                     .header("Content-Type", "application/json")
                                     .timeout(Duration.ofSeconds(30))
                                     .POST(HttpRequest.BodyPublishers.ofString(body))
                                     .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void closeFlood() {
        for (SocketChannel c : flood) {
            try {
                c.close();
            } catch (IOException e) {
                // already closed
            }
        }
        flood.clear();
    }

    private long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    private int start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(Arrays.asList(JVM.trim().split("\\s+")));
        command.addAll(List.of("-D" + JsonLogConfigurator.FORCE_PROPERTY + "=true", "-cp",
                               System.getProperty("java.class.path"), Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("API_") || k.startsWith("WTL_")
                || k.startsWith("CONNECTOR_") || k.equals("PORT") || k.equals("CONFIG_DIR"));
        builder.environment().putAll(Map.of("CONFIG_DIR", "config", "PORT", "0", "API_TOKEN", TOKEN,
                                            "WTL_API_URL", wtl.baseUrl(), "WTL_API_TOKEN", "flood-wtl-token"));
        if (!MAX_CONNECTIONS.isBlank()) {
            builder.environment().put("CONNECTOR_INBOUND_MAX_CONNECTIONS", MAX_CONNECTIONS);
        }
        log = dir.resolve("connector.log");
        process = builder.redirectOutput(log.toFile()).start();
        return ChildConnector.awaitReadyPort(process, log, Duration.ofSeconds(30));
    }

    private String output() {
        return ChildConnector.read(log);
    }

    private int status(int port, String path) {
        return ChildConnector.status(http, port, path);
    }

    /** Polls a condition (not a fixed sleep): returns as soon as it holds, fails after 30 s. */
    private static void await(BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofSeconds(30), Duration.ofMillis(20), condition);
    }
}
