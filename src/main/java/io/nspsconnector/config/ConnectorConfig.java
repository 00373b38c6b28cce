package io.nspsconnector.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.helidon.config.Config;

import io.nspsconnector.delivery.DeliverySettings;
import io.nspsconnector.logging.LoggingSettings;
import io.nspsconnector.nac.NacSettings;
import io.nspsconnector.server.ServerSettings;
import io.nspsconnector.simulator.SimulatorSettings;
import io.nspsconnector.state.StateSettings;
import io.nspsconnector.wtl.WtlSettings;

/**
 * Every setting of the connector, one record per capability, read once at start-up from {@code application.yaml}
 * with the reference connector's environment variables layered on top. Reading lists every problem with its key
 * (see {@link SettingsReader}); {@link #from} refuses a configuration with any error, {@link #check} only lists
 * them. Tokens never appear in {@link #toString()}.
 *
 * @param configDir directory holding {@code application.yaml} and {@code mappings.yaml}
 * @param server    the connector's own server: port, event path, body size, API tokens, inbound limits, TLS
 * @param wtl       WTL client settings
 * @param simulator embedded WTL simulator
 * @param logging   logging settings
 * @param reload    live reload of the mounted mappings and token files
 * @param nac       Network as Code device-status notification receiver
 * @param delivery  idempotency, stale-event records and graceful shutdown
 * @param state     where the delivery records are kept: this pod's memory or PostgreSQL
 */
public record ConnectorConfig(Path configDir,
                              ServerSettings server,
                              WtlSettings wtl,
                              SimulatorSettings.Embedded simulator,
                              LoggingSettings logging,
                              ReloadSettings reload,
                              NacSettings nac,
                              DeliverySettings delivery,
                              StateSettings state) {

    /** Environment variables of the reference connector, and what they override. */
    public static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("PORT", "server.port"),
            Map.entry("API_TOKEN", "connector.auth.tokens"),
            Map.entry("API_TOKEN_FILE", "connector.auth.token-file"),
            Map.entry("WTL_API_URL", "connector.wtl.url"),
            Map.entry("WTL_API_TOKEN", "connector.wtl.token"),
            Map.entry("WTL_API_TOKEN_FILE", "connector.wtl.token-file"),
            Map.entry("WTL_HTTP_REQUESTS_TIMEOUT", "connector.wtl.attempt-timeout (seconds)"),
            Map.entry("WTL_SIMULATOR_ENABLED", "connector.simulator.enabled"),
            Map.entry("LOG_LEVEL", "connector.logging.level"),
            Map.entry("WTL_DEFAULT_CS_PROFILE", "profiles.cs_profile.default in mappings.yaml"),
            Map.entry("WTL_DEFAULT_EPS_PROFILE", "profiles.eps_profile.default in mappings.yaml"),
            Map.entry("WTL_IMSI_REGEXP", "imsi-filter in mappings.yaml"),
            Map.entry("NAC_ENABLED", "connector.nac.enabled"),
            Map.entry("NAC_NOTIFICATION_TOKEN", "connector.nac.tokens"),
            Map.entry("NAC_NOTIFICATION_TOKEN_FILE", "connector.nac.token-file"),
            Map.entry("STATE_STORE", "connector.state.store"),
            Map.entry("STATE_POSTGRES_URL", "connector.state.postgres.url"),
            Map.entry("STATE_POSTGRES_USER", "connector.state.postgres.user"),
            Map.entry("STATE_POSTGRES_PASSWORD", "connector.state.postgres.password"),
            Map.entry("STATE_POSTGRES_PASSWORD_FILE", "connector.state.postgres.password-file"));

    /**
     * Reads the configuration.
     *
     * @param root      root of the configuration tree ({@code server}, {@code connector})
     * @param env       environment variables
     * @param configDir directory the files came from
     * @param simulatorRequested {@code --simulator} given on the command line
     * @return the configuration
     * @throws InvalidConfigException listing every problem
     */
    public static ConnectorConfig from(Config root, Map<String, String> env, Path configDir, boolean simulatorRequested) {
        Overlay r = new Overlay(root, env, false);
        ConnectorConfig config = read(r, configDir, simulatorRequested);
        List<Problem> errors = r.problems().stream().filter(Problem::isError).toList();
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors, configDir.resolve("application.yaml").toString());
        }
        return config;
    }

    /**
     * Checks the configuration files without starting anything: every problem, with settings that the pod normally
     * provides from its environment or Secrets (tokens, the WTL URL, the TLS files) reported as notes when missing.
     *
     * @param root      root of the configuration tree
     * @param env       environment variables
     * @param configDir directory the files came from
     * @return the problems, sorted; none of severity ERROR means the files are valid
     */
    public static List<Problem> check(Config root, Map<String, String> env, Path configDir) {
        Overlay r = new Overlay(root, env, true);
        read(r, configDir, false);
        return List.copyOf(new TreeSet<>(r.problems()));
    }

    /**
     * Reads only where the state is kept ({@code connector.state} and the {@code STATE_*} variables), for commands
     * that need the database and nothing else (the {@code migrate} command): no WTL URL or tokens are needed.
     *
     * @param root      root of the configuration tree
     * @param env       environment variables
     * @param configDir directory the files came from
     * @return the state settings
     * @throws InvalidConfigException listing the problems of those settings
     */
    public static StateSettings state(Config root, Map<String, String> env, Path configDir) {
        Overlay r = new Overlay(root, env, false);
        StateSettings state = StateKeys.read(r);
        List<Problem> errors = r.problems().stream().filter(Problem::isError).toList();
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors, configDir.resolve("application.yaml").toString());
        }
        return state;
    }

    /**
     * Every key the connector reads from {@code application.yaml}. Used to check the key table of the
     * documentation and to test the reader.
     *
     * @return the keys read when starting from an empty file, sorted
     */
    public static Set<String> knownKeys() {
        Overlay r = new Overlay(Config.empty(), Map.of(), true);
        read(r, Path.of("."), false);
        return r.settings().knownKeys();
    }

    /** One pass over every capability's keys, then the keys under {@code connector} that none of them read. */
    private static ConnectorConfig read(Overlay r, Path configDir, boolean simulatorRequested) {
        SettingsReader s = r.settings();
        SimulatorSettings.Embedded simulator = SimulatorKeys.read(r, simulatorRequested);
        WtlSettings wtl = WtlKeys.read(r, simulator);
        ServerSettings server = ServerKeys.read(r, wtl.eventDeadline());
        LoggingSettings logging = LoggingKeys.read(r);
        ReloadSettings reload = ReloadSettings.read(r);
        NacSettings nac = NacKeys.read(r, server.eventPath());
        DeliverySettings delivery = DeliveryKeys.read(s);
        StateSettings state = StateKeys.read(r);
        s.bool("connector.metrics.vendor-meters", false); // read by MetricsSetup before the registry is made
        s.unknownKeys("connector", r.env().keySet());
        return new ConnectorConfig(configDir, server, wtl, simulator, logging, reload, nac, delivery, state);
    }

}
