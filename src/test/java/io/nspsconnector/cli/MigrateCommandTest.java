package io.nspsconnector.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.nspsconnector.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** {@code migrate}: the schema brought up to date from the service's own settings, and clear refusals. */
class MigrateCommandTest {

    private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void aFreshDatabaseGetsEveryMigrationAndASecondRunNone() throws Exception {
        String url = TestDatabase.create("migrate_cmd");
        Map<String, String> env = Map.of("STATE_STORE", "postgres", "STATE_POSTGRES_URL", url,
                                         "STATE_POSTGRES_USER", "postgres");
        List<String> files = migrationFiles();

        assertThat(run(env) + " " + output(), containsString(MigrateCommand.DONE + " migrate: "));
        assertThat(output(), containsString(files.size() + " migration(s) applied, schema version " + newest(files)));
        assertThat(tables(url), hasItems("delivery_event", "delivery_subscriber", "nac_notification",
                                         "nac_device_status"));

        out.reset();
        assertThat(run(env) + " " + output(), containsString(MigrateCommand.DONE + " migrate: "));
        assertThat(output(), containsString("0 migration(s) applied, schema version " + newest(files)));
    }

    @Test
    void theMemoryStoreHasNothingToMigrate() {
        assertThat(run(Map.of()), is(MigrateCommand.FAILED));
        assertThat(output(), containsString("nothing to migrate: the state store is 'memory'"));
    }

    @Test
    void anUnreachableDatabaseFailsWithoutShowingThePassword() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(Map.of("STATE_STORE", "postgres",
                                                       "STATE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:" + port
                                                               + "/app?password=pw-in-url-77",
                                                       "STATE_POSTGRES_USER", "app",
                                                       "STATE_POSTGRES_PASSWORD", "pw-value-77"));

        assertThat(run(env), is(MigrateCommand.FAILED));
        assertThat(output(), containsString("migrate: jdbc:postgresql://127.0.0.1:" + port + "/app?…: not migrated:"));
        assertThat(output(), not(containsString("pw-in-url-77")));
        assertThat(output(), not(containsString("pw-value-77")));
    }

    @Test
    void invalidStateSettingsAndArgumentsAreUsageErrors() {
        assertThat(run(Map.of("STATE_STORE", "postgres")), is(MigrateCommand.USAGE));
        assertThat(output(), containsString("STATE_POSTGRES_URL: missing"));
        out.reset();
        assertThat(new MigrateCommand(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8))
                           .run(List.of("--now")), is(MigrateCommand.USAGE));
        assertThat(output(), containsString("usage: java -jar nsps-connector.jar migrate"));
    }

    private int run(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("CONFIG_DIR", "config");
        return new MigrateCommand(all, new PrintStream(out, true, StandardCharsets.UTF_8)).run(List.of());
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<String> migrationFiles() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V[0-9]+__.*\\.sql")).toList();
        }
    }

    /** The highest version among {@code V<n>__*.sql}. */
    private static String newest(List<String> files) {
        return String.valueOf(files.stream().mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                                      .max().orElseThrow());
    }

    private static List<String> tables(String url) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        return tables;
    }
}
