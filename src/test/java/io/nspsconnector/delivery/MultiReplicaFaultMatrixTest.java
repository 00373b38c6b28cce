package io.nspsconnector.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.nspsconnector.Main;
import io.nspsconnector.logging.JsonLogConfigurator;
import io.nspsconnector.testing.ChildConnector;
import io.nspsconnector.testing.FaultyWtl;
import io.nspsconnector.testing.NspsClient;
import io.nspsconnector.testing.NspsEventStream;
import io.nspsconnector.testing.RestartableDatabase;
import io.nspsconnector.testing.TestConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertAll;

/**
 * The multi-replica fault matrix: three connectors in JVMs of their own share one PostgreSQL
 * ({@code STATE_STORE=postgres}) and one WTL that injects 5xx bursts, 429s, hangs, resets and desynchronising answers
 * (the {@link FaultyWtl} program of {@link FaultMatrixTest}) and takes a few milliseconds per request. An NSPS-like
 * client ({@link NspsClient}) sends a seeded stream of events over many subscribers, each delivery to a random
 * replica; every non-2xx, timeout or refused connection is delivered again later to a random replica, some events
 * twice at once, some once more after their 2xx, and older events' retries arrive after newer ones. Midway one
 * replica is killed with SIGKILL and started again on its port, and later PostgreSQL is restarted (same port, same
 * data).
 * <p>
 * It prints its figures and requires: no event lost, no 2xx without the WTL apply behind it, no WTL side effect
 * applied again after its event was answered 2xx, never two WTL operations of one IMSI in flight at once (over all
 * replicas), and WTL's final state equal to the events applied in {@code created_at} order, for every subscriber.
 * <p>
 * Size: {@code -Dfault-matrix.events} (default 600) over {@code -Dfault-matrix.subscribers} (default 120);
 * {@code .ci/fault-matrix} runs 3000 over 300.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class MultiReplicaFaultMatrixTest {

    private static final long SEED = 20261201L;
    private static final int EVENTS = Integer.getInteger("fault-matrix.events", 600);
    private static final int SUBSCRIBERS = Integer.getInteger("fault-matrix.subscribers", 120);
    private static final int REPLICAS = 3;
    /** The longest the run may take once the client started: it stops by itself, finished or not. */
    private static final Duration BUDGET = Duration.ofSeconds(Math.max(120, EVENTS / 10));

    @TempDir
    Path dir;

    /** One replica: its fixed port (kept across its restart, like a pod behind its Service), its process, its log. */
    private final class Replica {
        private final int index;
        private final int port;
        private final Map<String, String> env;
        private Process process;
        private Path log;
        private int starts;

        Replica(int index, Map<String, String> env, FaultyWtl wtl) {
            this.index = index;
            this.port = freePort();
            this.env = new java.util.HashMap<>(env);
            // the same WTL, under a path of this replica's, so the fake tells the replicas' requests apart
            this.env.put("WTL_API_URL", wtl.baseUrl("replica-" + index));
        }

        String url() {
            return "http://127.0.0.1:" + port + "/process-event";
        }

        void launch() {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                                           "-D" + JsonLogConfigurator.FORCE_PROPERTY + "=true",
                                           "-cp", System.getProperty("java.class.path"), Main.class.getName());
            log = dir.resolve("replica-" + index + "-" + (++starts) + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("API_") || k.startsWith("WTL_")
                    || k.startsWith("NAC_") || k.startsWith("CONNECTOR_") || k.startsWith("STATE_")
                    || k.equals("PORT") || k.equals("CONFIG_DIR"));
            builder.environment().putAll(env);
            builder.environment().put("PORT", Integer.toString(port));
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void awaitReady() {
            int got = ChildConnector.awaitReadyPort(process, log, Duration.ofSeconds(90));
            assertThat("replica " + index + " port", got, is(port));
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no drain, connections cut
            assertThat("replica " + index + " ended", process.waitFor(30, TimeUnit.SECONDS), is(true));
        }

        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void threeReplicasOnOnePostgresLoseNothingApplyNothingTwiceAndNeverRunOneSubscriberTwiceAtOnce() throws Exception {
        List<NspsEventStream.Event> events = NspsEventStream.generate(SEED, SUBSCRIBERS, EVENTS);
        List<Replica> replicas = new ArrayList<>();
        try (FaultyWtl wtl = FaultyWtl.start(SEED, TestConnector.WTL_TOKEN).serviceTime(5);
             RestartableDatabase db = RestartableDatabase.start(dir.resolve("pgdata"))) {
            Map<String, String> env = env(wtl, db);
            for (int i = 0; i < REPLICAS; i++) {
                replicas.add(new Replica(i, env, wtl));
            }
            replicas.forEach(Replica::launch);
            replicas.forEach(Replica::awaitReady);

            NspsClient.Settings settings = new NspsClient.Settings(SEED, 48, Duration.ofMillis(5), 5, 5,
                                                                   Duration.ofSeconds(4));
            long kills = 0;
            long downMillis = -1;
            long killedAt = 0;
            long restartedAt = 0;
            boolean finished;
            try (NspsClient nsps = new NspsClient(events, settings, r -> replicas.get(r.nextInt(REPLICAS)).url())) {
                nsps.start();
                long end = System.nanoTime() + BUDGET.toNanos();

                // midway: one replica killed with SIGKILL, then started again on its port
                if (nsps.awaitRemaining(EVENTS * 65L / 100, remaining(end))) {
                    Replica victim = replicas.get(1);
                    killedAt = System.nanoTime();
                    victim.kill();
                    kills++;
                    victim.launch();
                    victim.awaitReady();
                }
                // later: PostgreSQL stopped and started again on the same port and data directory
                if (nsps.awaitRemaining(EVENTS * 35L / 100, remaining(end))) {
                    restartedAt = System.nanoTime();
                    downMillis = db.restart();
                }
                finished = nsps.awaitRemaining(0, remaining(end));
                nsps.close();
                for (Replica r : replicas) {
                    r.stop();
                }
                wtl.close();

                NspsClient.Books books = nsps.books(wtl);
                Map<String, Long> byStatus = new TreeMap<>(nsps.failures());
                System.out.printf("MULTI-REPLICA FAULT MATRIX seed=%d: %d events over %d subscribers, %d replicas on "
                                          + "one PostgreSQL; %d deliveries, %d answered 2xx, %d not (by status: %s); "
                                          + "%d events delivered again after their 2xx; %d WTL requests, faults "
                                          + "injected: %s; replicas killed with SIGKILL %d, PostgreSQL restarts %d "
                                          + "(down %d ms); %d ms%n",
                                  SEED, EVENTS, SUBSCRIBERS, REPLICAS, nsps.deliveries(), nsps.answered2xx(),
                                  nsps.non2xx(), byStatus, nsps.redelivered2xx(), wtl.requests(), wtl.faultSummary(),
                                  kills, db.restarts(), downMillis, nsps.elapsed().toMillis());
                System.out.printf("MULTI-REPLICA FAULT MATRIX results: events lost %d, 2xx without an applied WTL call "
                                          + "%d, WTL side effects applied again after their event was answered 2xx "
                                          + "%d (after the connector read WTL's answer %d), moments with two WTL "
                                          + "operations of one IMSI in flight on two replicas %d (of %d on any: the "
                                          + "requests in flight then: %s; and %d arriving before WTL noticed the "
                                          + "connector had let go of the earlier one), subscribers differing from the "
                                          + "created_at order %d of %d, unexpected answers %d, requests on a "
                                          + "desynchronised WTL connection %d (duplicates answered %d, stale answered "
                                          + "%d, full-state operations re-sent after a lost WTL answer %d)%n",
                                  books.lost(), books.unbacked(), books.reapplied(), wtl.appliedAfterAck(),
                                  wtl.overlapsAcrossOrigins(), wtl.overlaps(), wtl.overlapSummary(),
                                  wtl.overlapsAfterLetGo(), books.mismatches(),
                                  books.subscribers(), books.unexpected(), wtl.requestsAfterDesync(), books.duplicates(),
                                  books.stale(), wtl.resentAfterLostAnswer());

                for (String moment : wtl.overlapMoments().stream().limit(20).toList()) {
                    System.out.println("MULTI-REPLICA FAULT MATRIX overlap " + moment + " (replica killed at "
                                               + killedAt + " ns, PostgreSQL stopped at " + restartedAt + " ns)");
                }
                // every invariant checked, so that a failing run names all it broke. (WTL's count of operations
                // applied again after the connector read their answer is printed, not required: a replica that read
                // the answer but could not record it, the database restarting or the replica killed, must send the
                // operation again. After the record, which the event's 2xx proves, nothing may be applied again.)
                long killed = kills;
                assertAll(
                        () -> assertThat("every event answered 2xx within " + BUDGET, finished, is(true)),
                        () -> assertThat("events lost", books.lost(), is(0L)),
                        () -> assertThat("2xx without an applied WTL call", books.unbacked(), is(0L)),
                        () -> assertThat("WTL side effects applied again after their event was answered 2xx",
                                         books.reapplied(), is(0L)),
                        () -> assertThat("moments with two WTL operations of one IMSI in flight on two replicas",
                                         wtl.overlapsAcrossOrigins(), is(0L)),
                        () -> assertThat("subscribers differing from the created_at order", books.mismatches(), is(0L)),
                        () -> assertThat("unexpected answers", books.unexpected(), is(0L)),
                        () -> assertThat("requests sent on a desynchronised WTL connection",
                                         wtl.requestsAfterDesync(), is(0L)),
                        () -> assertThat("a replica was killed", killed, is(1L)),
                        () -> assertThat("PostgreSQL was restarted", db.restarts(), is(1)),
                        () -> assertThat("faults were injected and retried", nsps.non2xx(),
                                         greaterThan((long) EVENTS / 10)),
                        () -> assertThat("the duplicate path was exercised", books.duplicates(), greaterThan(0L)));
            }
        } finally {
            for (Replica r : replicas) {
                r.stop();
            }
        }
    }

    private static Map<String, String> env(FaultyWtl wtl, RestartableDatabase db) {
        return Map.ofEntries(
                Map.entry("CONFIG_DIR", "config"),
                Map.entry("API_TOKEN", TestConnector.API_TOKEN),
                Map.entry("WTL_API_URL", wtl.baseUrl()),
                Map.entry("WTL_API_TOKEN", TestConnector.WTL_TOKEN),
                Map.entry("STATE_STORE", "postgres"),
                Map.entry("STATE_POSTGRES_URL", db.jdbcUrl()),
                Map.entry("STATE_POSTGRES_USER", db.user()),
                Map.entry("CONNECTOR_STATE_POSTGRES_POOL_SIZE", "8"),
                Map.entry("CONNECTOR_STATE_POSTGRES_CONNECT_TIMEOUT", "PT0.5S"),
                Map.entry("CONNECTOR_STATE_POSTGRES_STATEMENT_TIMEOUT", "PT1S"),
                Map.entry("CONNECTOR_WTL_ATTEMPT_TIMEOUT", "PT0.25S"),
                Map.entry("CONNECTOR_WTL_CONNECT_TIMEOUT", "PT0.25S"),
                Map.entry("CONNECTOR_WTL_EVENT_DEADLINE", "PT2S"),
                Map.entry("CONNECTOR_WTL_RETRY_INITIAL_DELAY", "PT0.01S"),
                Map.entry("CONNECTOR_WTL_RETRY_MAX_DELAY", "PT0.05S"),
                Map.entry("CONNECTOR_WTL_RETRY_RETRY_AFTER_CAP", "PT0.5S"),
                Map.entry("CONNECTOR_WTL_CIRCUIT_BREAKER_DELAY", "PT0.2S"),
                Map.entry("CONNECTOR_LOGGING_ACCESS_LOG", "false"),
                Map.entry("CONNECTOR_RELOAD_ENABLED", "false"));
    }

    private static Duration remaining(long endNanos) {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
