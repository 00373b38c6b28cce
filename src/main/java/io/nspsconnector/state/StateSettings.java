package io.nspsconnector.state;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where delivery state is kept ({@code connector.state}).
 *
 * @param store    memory (this pod only, lost at restart) or postgres (shared by all replicas)
 * @param postgres the database, used when {@code store} is postgres
 * @param cleanup  the periodic removal of rows past the retention, with postgres
 */
public record StateSettings(Store store, Postgres postgres, Cleanup cleanup) {

    /** Default of {@code connector.state.postgres.retention}: at least NSPS's retry horizon (about a month). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(35);

    /** The in-memory store, the default. */
    public static final StateSettings MEMORY = new StateSettings(Store.MEMORY, Postgres.UNSET);

    /**
     * The store with the default cleanup.
     *
     * @param store    memory or postgres
     * @param postgres the database
     */
    public StateSettings(Store store, Postgres postgres) {
        this(store, postgres, Cleanup.DEFAULT);
    }

    /**
     * The removal of rows older than the retention ({@link RetentionCleanup}): one pass per interval, by one pod at
     * a time, in batches with a pause between them.
     *
     * @param interval  time between two passes
     * @param batchSize rows removed by one statement at most
     * @param pause     wait between two batches, so a long backlog never holds the database busy
     */
    public record Cleanup(Duration interval, int batchSize, Duration pause) {

        /** The defaults: every ten minutes, 1000 rows a statement, 50 ms between statements. */
        public static final Cleanup DEFAULT = new Cleanup(Duration.ofMinutes(10), 1000, Duration.ofMillis(50));
    }

    /** The stores to choose from. */
    public enum Store {
        /** In the pod's memory. */
        MEMORY,
        /** In PostgreSQL. */
        POSTGRES;

        /** The name in the configuration. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The PostgreSQL store. The password never appears in {@link #toString()}.
     *
     * @param url              JDBC URL ({@code jdbc:postgresql://host:5432/db})
     * @param user             user name, empty to let the driver choose (the URL's or the OS user)
     * @param password         password given as a value, empty when none or when it comes from a file
     * @param passwordFile     file holding the password (a mounted Secret), read again for each new connection
     * @param poolSize         connections at most
     * @param connectTimeout   longest wait for a connection, opening one or from the pool
     * @param statementTimeout longest time one statement may run
     * @param retention        how long an applied event and a subscriber's time are remembered after their last write
     * @param migrate          apply the schema migrations at start
     */
    public record Postgres(String url, String user, Optional<String> password, Optional<Path> passwordFile,
                           int poolSize, Duration connectTimeout, Duration statementTimeout, Duration retention,
                           boolean migrate) {

        /** Nothing configured. */
        public static final Postgres UNSET = new Postgres("", "", Optional.empty(), Optional.empty(), 10,
                                                          Duration.ofSeconds(2), Duration.ofSeconds(2),
                                                          DEFAULT_RETENTION, true);

        /**
         * The URL without its parameters, for logs and messages: a password given as {@code ?password=} stays out.
         *
         * @return the URL up to its {@code ?}
         */
        public String redactedUrl() {
            int query = url.indexOf('?');
            return query < 0 ? url : url.substring(0, query) + "?…";
        }

        @Override
        public String toString() {
            return "Postgres[url=" + redactedUrl() + ", user=" + user + ", password=" + (password.isPresent() ? "***" : "none")
                    + ", passwordFile=" + passwordFile.map(Path::toString).orElse("none") + ", poolSize=" + poolSize
                    + ", connectTimeout=" + connectTimeout + ", statementTimeout=" + statementTimeout
                    + ", retention=" + retention + ", migrate=" + migrate + "]";
        }
    }
}
