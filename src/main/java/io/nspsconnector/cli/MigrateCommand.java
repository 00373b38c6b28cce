package io.nspsconnector.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.nspsconnector.Main;
import io.nspsconnector.config.ConnectorConfig;
import io.nspsconnector.config.InvalidConfigException;
import io.nspsconnector.state.PostgresStore;
import io.nspsconnector.state.StateSettings;

/**
 * {@code migrate}: brings the PostgreSQL store's schema up to date with the migrations shipped in the jar, then
 * exits, for operators who migrate before rolling out (a Job or an init container) and start the pods with
 * {@code connector.state.postgres.migrate: false}. Reads the same configuration as the service
 * ({@code $CONFIG_DIR/application.yaml} and the {@code STATE_*} variables), but only where the state is kept: no WTL
 * URL or token is needed. Prints what it applied and the schema version; never the password.
 * <p>
 * Exit code 0 when the schema is up to date, 1 when the store is not postgres or the database cannot be migrated
 * (unreachable, refused, a migration failed), 2 on a usage error or invalid settings.
 */
public final class MigrateCommand {

    /** The command's name on the command line. */
    public static final String NAME = "migrate";
    /** Exit code when the schema is up to date. */
    public static final int DONE = 0;
    /** Exit code when it could not be brought up to date. */
    public static final int FAILED = 1;
    /** Exit code for a wrong command line or invalid settings. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: java -jar nsps-connector.jar migrate
              applies the schema migrations of the PostgreSQL state store, then exits
              configuration: $CONFIG_DIR/application.yaml (connector.state) and STATE_STORE, STATE_POSTGRES_URL,
              STATE_POSTGRES_USER, STATE_POSTGRES_PASSWORD(_FILE)
            Exit code: 0 schema up to date, 1 not migrated, 2 usage error or invalid settings.""";

    private final Map<String, String> env;
    private final PrintStream out;

    /**
     * @param env environment, as the service reads it
     * @param out where the result and the problems go
     */
    public MigrateCommand(Map<String, String> env, PrintStream out) {
        this.env = Map.copyOf(env);
        this.out = out;
    }

    /**
     * @param args arguments after {@code migrate} (none)
     * @return exit code
     */
    public int run(List<String> args) {
        if (!args.isEmpty()) {
            out.println(USAGE_TEXT);
            return USAGE;
        }
        Path configDir = Path.of(env.getOrDefault("CONFIG_DIR", "config"));
        StateSettings state;
        try {
            state = ConnectorConfig.state(Main.loadConfig(configDir), env, configDir);
        } catch (InvalidConfigException e) {
            out.println("migrate: invalid configuration");
            e.problems().forEach(p -> out.println("  - " + p));
            return USAGE;
        }
        if (state.store() != StateSettings.Store.POSTGRES) {
            out.println("migrate: nothing to migrate: the state store is '" + state.store().wire()
                                + "' (set STATE_STORE=postgres or connector.state.store: postgres, and its URL)");
            return FAILED;
        }
        StateSettings.Postgres pg = state.postgres();
        // the command migrates itself rather than at open, to tell what it applied
        StateSettings.Postgres once = PostgresStore.forMigration(pg);
        try (PostgresStore store = PostgresStore.open(once)) {
            int applied = store.migrate();
            out.println("migrate: " + pg.redactedUrl() + ": " + applied + " migration(s) applied, schema version "
                                + store.schemaVersion().orElse("none"));
            return DONE;
        } catch (RuntimeException e) {
            // the store's messages carry the URL without its parameters, never the password
            out.println("migrate: " + pg.redactedUrl() + ": not migrated: " + e.getMessage());
            return FAILED;
        }
    }
}
