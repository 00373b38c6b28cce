package io.nspsconnector.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.nspsconnector.state.StateSettings;

/** Reads {@code connector.state} and the {@code STATE_*} variables. */
final class StateKeys {

    private static final String STORE = "connector.state.store";
    private static final String PG = "connector.state.postgres.";

    private StateKeys() {
    }

    static StateSettings read(Overlay r) {
        SettingsReader s = r.settings();
        Map<String, String> env = r.env();
        String storeKey = env.containsKey("STATE_STORE") ? "STATE_STORE" : STORE;
        String storeName = value(r, "STATE_STORE", STORE).orElse("memory").strip();
        StateSettings.Store store = switch (storeName.toLowerCase(Locale.ROOT)) {
            case "memory" -> StateSettings.Store.MEMORY;
            case "postgres" -> StateSettings.Store.POSTGRES;
            default -> {
                s.error(storeKey, "'" + storeName + "' is not a store (memory or postgres)");
                yield StateSettings.Store.MEMORY;
            }
        };
        boolean postgres = store == StateSettings.Store.POSTGRES;
        String url = value(r, "STATE_POSTGRES_URL", PG + "url").map(String::strip).orElse("");
        if (postgres && url.isEmpty()) {
            r.fromEnvironment("STATE_POSTGRES_URL", "missing (the JDBC URL of the state store, e.g. "
                    + "jdbc:postgresql://db:5432/connector; or " + PG + "url, or set STATE_STORE=memory)");
        } else if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            s.error(env.containsKey("STATE_POSTGRES_URL") ? "STATE_POSTGRES_URL" : PG + "url",
                    "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        String user = value(r, "STATE_POSTGRES_USER", PG + "user").map(String::strip).orElse("");
        Optional<String> password = value(r, "STATE_POSTGRES_PASSWORD", PG + "password").filter(p -> !p.isEmpty());
        Optional<Path> passwordFile = value(r, "STATE_POSTGRES_PASSWORD_FILE", PG + "password-file")
                .map(String::strip).filter(f -> !f.isEmpty()).map(Path::of);
        if (password.isPresent()) {
            passwordFile = Optional.empty(); // a value wins over a file, as for the tokens
        } else if (postgres && passwordFile.isPresent() && !Files.isReadable(passwordFile.get())) {
            r.fromEnvironment(env.containsKey("STATE_POSTGRES_PASSWORD_FILE") ? "STATE_POSTGRES_PASSWORD_FILE"
                                      : PG + "password-file", "cannot read " + passwordFile.get());
        }
        int poolSize = s.integer(PG + "pool-size", 10, 1, 1000);
        Duration connect = s.duration(PG + "connect-timeout", Duration.ofSeconds(2));
        Duration statement = s.duration(PG + "statement-timeout", Duration.ofSeconds(2));
        Duration retention = s.duration(PG + "retention", StateSettings.DEFAULT_RETENTION);
        if (retention.compareTo(Duration.ofHours(1)) < 0) {
            s.error(PG + "retention", "must be at least PT1H (NSPS re-delivers for about a month: P35D)");
            retention = StateSettings.DEFAULT_RETENTION;
        }
        boolean migrate = s.bool(PG + "migrate", true);
        return new StateSettings(store, new StateSettings.Postgres(url, user, password, passwordFile, poolSize,
                                                                   connect, statement, retention, migrate),
                                 cleanup(s));
    }

    /** {@code cleanup-interval} (PT10S to P1D) and {@code cleanup-batch-size} (1 to 100000). */
    private static StateSettings.Cleanup cleanup(SettingsReader s) {
        StateSettings.Cleanup defaults = StateSettings.Cleanup.DEFAULT;
        Duration interval = s.duration(PG + "cleanup-interval", defaults.interval());
        if (interval.compareTo(Duration.ofSeconds(10)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
            s.error(PG + "cleanup-interval", "must be between PT10S and P1D");
            interval = defaults.interval();
        }
        int batchSize = s.integer(PG + "cleanup-batch-size", defaults.batchSize(), 1, 100_000);
        return new StateSettings.Cleanup(interval, batchSize, defaults.pause());
    }

    /** The variable if set (the key still counts as known), else the key's value. */
    private static Optional<String> value(Overlay r, String envName, String key) {
        String raw = r.env().get(envName);
        if (raw != null) {
            r.settings().node(key);
            return Optional.of(raw);
        }
        return r.settings().raw(key);
    }
}
