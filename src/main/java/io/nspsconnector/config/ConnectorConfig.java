package io.nspsconnector.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.nspsconnector.delivery.DeliverySettings;
import io.nspsconnector.nac.NacSettings;
import io.nspsconnector.wtl.WtlAction;
import io.nspsconnector.wtl.WtlSettings;

import io.helidon.config.Config;

/**
 * Every setting of the connector, read once at start-up from {@code application.yaml} (key {@code connector})
 * with the reference connector's environment variables layered on top. Fails fast, listing every problem with
 * its key. Tokens never appear in {@link #toString()}.
 *
 * @param configDir    directory holding {@code application.yaml} and {@code mappings.yaml}
 * @param port         listen port
 * @param eventPath    path NSPS posts events to
 * @param maxBodyBytes largest accepted event body
 * @param apiTokens    Bearer tokens NSPS may use (several during a rotation)
 * @param wtl          WTL client settings
 * @param simulator    embedded WTL simulator settings
 * @param logging      logging settings
 * @param reload       live reload of the mounted mappings and token files
 * @param nac          Network as Code device-status notification receiver
 * @param delivery     idempotency, stale-event records and graceful shutdown
 * @param tls          TLS of the connector's own server
 */
public record ConnectorConfig(Path configDir,
                              int port,
                              String eventPath,
                              long maxBodyBytes,
                              List<String> apiTokens,
                              WtlSettings wtl,
                              Simulator simulator,
                              Logging logging,
                              Reload reload,
                              NacSettings nac,
                              DeliverySettings delivery,
                              Tls tls) {

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
            Map.entry("NAC_NOTIFICATION_TOKEN_FILE", "connector.nac.token-file"));

    /** Copies lists. */
    public ConnectorConfig {
        apiTokens = List.copyOf(apiTokens);
    }

    /**
     * Embedded WTL simulator, for trying the connector without an HLR.
     *
     * @param enabled       start it and point the WTL client at it
     * @param host          interface it listens on
     * @param port          its port (0 = any free port)
     * @param updateCreates whether an update of an unknown IMSI creates it (else 404)
     */
    public record Simulator(boolean enabled, String host, int port, boolean updateCreates, Duration latency) {
    }

    /**
     * Logging settings.
     *
     * @param level             root level: TRACE, DEBUG, INFO, WARN(ING), ERROR, CRITICAL
     * @param maskSubscriberIds mask IMSI and MSISDN in log lines
     * @param accessLog         one line per HTTP request at INFO (health and metrics at DEBUG)
     */
    public record Logging(String level, boolean maskSubscriberIds, boolean accessLog) {
    }

    /**
     * Live reload: which mounted files are watched and how often. Mappings are always watched when enabled;
     * tokens only when they came from a file.
     *
     * @param enabled      whether files are watched at all
     * @param interval     how often they are checked
     * @param apiTokenFile file the API tokens were read from, if they came from one
     * @param wtlTokenFile file the WTL token was read from, if it came from one
     */
    public record Reload(boolean enabled, Duration interval, Optional<Path> apiTokenFile, Optional<Path> wtlTokenFile,
                         Optional<Path> nacTokenFile) {
    }

    /**
     * TLS of the connector's server, from PEM files (e.g. a mounted {@code kubernetes.io/tls} Secret).
     *
     * @param enabled     serve HTTPS instead of HTTP
     * @param certificate PEM certificate chain, the server's certificate first
     * @param privateKey  PEM private key (PKCS#8 or PKCS#1)
     */
    public record Tls(boolean enabled, Path certificate, Path privateKey) {
    }

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
        Reader r = new Reader(root, env, false);
        ConnectorConfig config = read(r, env, configDir, simulatorRequested);
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
        Reader r = new Reader(root, env, true);
        read(r, env, configDir, false);
        return List.copyOf(new TreeSet<>(r.problems()));
    }

    /**
     * Every key the connector reads from {@code application.yaml}, with an example of each key's value (its
     * default where it has one). Used to check the key table of the documentation and to test the reader.
     *
     * @return the keys read when starting from an empty file, sorted
     */
    public static Set<String> knownKeys() {
        Reader r = new Reader(Config.empty(), Map.of(), true);
        read(r, Map.of(), Path.of("."), false);
        return r.settings.knownKeys();
    }

    private static ConnectorConfig read(Reader r, Map<String, String> env, Path configDir, boolean simulatorRequested) {
        SettingsReader s = r.settings;
        int port = r.intValue("PORT", "server.port", 8000, 0, 65535);
        String eventPath = s.string("connector.event-path", "/process-event");
        if (!eventPath.startsWith("/")) {
            s.error("connector.event-path", "must start with '/'");
        }
        long maxBody = s.longValue("connector.max-body-size", 2L * 1024 * 1024, Long.MIN_VALUE, Long.MAX_VALUE);
        if (maxBody < 1024) {
            s.error("connector.max-body-size", "must be at least 1024 bytes (NSPS events reach 1 MB)");
            maxBody = 2L * 1024 * 1024;
        }

        List<String> apiTokens = r.tokens("API_TOKEN", "API_TOKEN_FILE", "connector.auth");
        if (apiTokens.isEmpty()) {
            r.fromEnvironment("API_TOKEN", "missing (the Bearer token(s) NSPS sends; or connector.auth.tokens, "
                    + "or a file in API_TOKEN_FILE / connector.auth.token-file)");
        }

        boolean urlGiven = env.containsKey("WTL_API_URL") || s.exists("connector.wtl.url");
        boolean simulatorSet = r.envBool("WTL_SIMULATOR_ENABLED", "connector.simulator.enabled", false);
        boolean simulatorWanted = simulatorRequested || simulatorSet;
        boolean simulatorOn = simulatorWanted && !urlGiven;
        Simulator simulator = new Simulator(simulatorOn,
                                            s.string("connector.simulator.host", "127.0.0.1"),
                                            s.integer("connector.simulator.port", 3001, 0, 65535),
                                            s.bool("connector.simulator.update-creates", true),
                                            s.exists("connector.simulator.latency")
                                                    ? s.duration("connector.simulator.latency", Duration.ZERO)
                                                    : Duration.ZERO);

        WtlSettings wtl = wtl(env, r, simulator);

        String level = env.getOrDefault("LOG_LEVEL", s.string("connector.logging.level", "INFO"));
        if (!Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL")
                .contains(level.toUpperCase(Locale.ROOT))) {
            s.error("LOG_LEVEL", "'" + level + "' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL");
        }
        Logging logging = new Logging(level.toUpperCase(Locale.ROOT),
                                      s.bool("connector.logging.mask-subscriber-ids", true),
                                      s.bool("connector.logging.access-log", true));
        Duration interval = s.duration("connector.reload.interval", Duration.ofSeconds(2));
        if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
            s.error("connector.reload.interval", "must be between PT0.01S and PT1M");
        }
        Reload reload = new Reload(s.bool("connector.reload.enabled", true), interval,
                                   r.tokenFile("API_TOKEN", "API_TOKEN_FILE", "connector.auth"),
                                   r.tokenFile("WTL_API_TOKEN", "WTL_API_TOKEN_FILE", "connector.wtl"),
                                   r.tokenFile("NAC_NOTIFICATION_TOKEN", "NAC_NOTIFICATION_TOKEN_FILE", "connector.nac"));
        NacSettings nac = nac(r, eventPath);
        DeliverySettings delivery = delivery(s);
        Tls tls = tls(r);
        inbound(s);
        s.bool("connector.metrics.vendor-meters", false); // read by MetricsSetup before the registry is made
        s.unknownKeys("connector", env.keySet());
        return new ConnectorConfig(configDir, port, eventPath, maxBody, apiTokens, wtl, simulator, logging, reload,
                                   nac, delivery, tls);
    }

    /**
     * Types of the {@code connector.inbound} keys; their ranges are checked where the limits are built, when the
     * server starts.
     */
    private static void inbound(SettingsReader s) {
        s.integer("connector.inbound.max-connections", 2000, Integer.MIN_VALUE, Integer.MAX_VALUE);
        for (String key : List.of("header-timeout", "body-timeout", "idle-timeout", "response-timeout")) {
            s.duration("connector.inbound." + key, Duration.ofSeconds(10));
        }
        s.longValue("connector.inbound.body-budget", 32L * 1024 * 1024, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static NacSettings nac(Reader r, String eventPath) {
        SettingsReader s = r.settings;
        boolean enabled = r.envBool("NAC_ENABLED", "connector.nac.enabled", false);
        String path = s.string("connector.nac.path", "/notifications");
        if (!path.startsWith("/") || path.equals(eventPath) || path.equals("/devices") || path.startsWith("/devices/")) {
            s.error("connector.nac.path", "must start with '/' and differ from the event path and /devices");
        }
        List<String> tokens = r.tokens("NAC_NOTIFICATION_TOKEN", "NAC_NOTIFICATION_TOKEN_FILE", "connector.nac");
        if (enabled && tokens.isEmpty()) {
            // never run the receiver open: a missing token is a misconfiguration, not "no authentication"
            r.fromEnvironment("NAC_NOTIFICATION_TOKEN", "missing (the Bearer token(s) given to Network as Code when "
                    + "subscribing; or connector.nac.tokens, or a file in NAC_NOTIFICATION_TOKEN_FILE / "
                    + "connector.nac.token-file; or set NAC_ENABLED=false)");
        }
        long maxBody = s.longValue("connector.nac.max-body-size", 64L * 1024, Long.MIN_VALUE, Long.MAX_VALUE);
        if (maxBody < 1024) {
            s.error("connector.nac.max-body-size", "must be at least 1024 bytes");
        }
        int maxDevices = s.integer("connector.nac.max-devices", 100_000, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (maxDevices < 1) {
            s.error("connector.nac.max-devices", "must be at least 1");
        }
        int maxIds = s.integer("connector.nac.dedupe.max-ids", 100_000, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (maxIds < 1) {
            s.error("connector.nac.dedupe.max-ids", "must be at least 1");
        }
        Duration window = s.duration("connector.nac.dedupe.window", Duration.ofHours(24));
        return new NacSettings(enabled, path, tokens, maxBody, maxDevices, maxIds, window);
    }

    private static DeliverySettings delivery(SettingsReader s) {
        DeliverySettings.Bound events = bound("connector.delivery.applied-events", 100_000, s);
        DeliverySettings.Bound subscribers = bound("connector.delivery.subscribers", 200_000, s);
        Duration grace = s.duration("connector.delivery.shutdown-grace-period", Duration.ofSeconds(30));
        Duration future = s.duration("connector.delivery.future-tolerance", Duration.ofMinutes(5));
        return new DeliverySettings(events, subscribers, grace, future);
    }

    private static DeliverySettings.Bound bound(String key, long defaultSize, SettingsReader s) {
        long size = s.longValue(key + ".max-size", defaultSize, Long.MIN_VALUE, Long.MAX_VALUE);
        if (size < 0) {
            s.error(key + ".max-size", "must be 0 or more");
            size = defaultSize;
        }
        return new DeliverySettings.Bound(size, s.duration(key + ".ttl", Duration.ofHours(25)));
    }

    private static Tls tls(Reader r) {
        SettingsReader s = r.settings;
        boolean enabled = s.bool("connector.tls.enabled", false);
        Path certificate = Path.of(s.string("connector.tls.certificate", "/etc/nsps-connector/tls/tls.crt"));
        Path key = Path.of(s.string("connector.tls.private-key", "/etc/nsps-connector/tls/tls.key"));
        if (enabled) {
            for (Map.Entry<String, Path> file : Map.of("certificate", certificate, "private-key", key).entrySet()) {
                if (!Files.isReadable(file.getValue())) {
                    // mounted from the pod's TLS Secret
                    r.fromEnvironment("connector.tls." + file.getKey(), file.getValue() + " is not a readable file");
                }
            }
        }
        return new Tls(enabled, certificate, key);
    }

    /** A URL text for a message, with anything that may be credentials ({@code user:pass@}) replaced. */
    private static String withoutUserInfo(String raw) {
        return raw.replaceFirst("(?<=//)[^/?#]*@", "***@");
    }

    private static WtlSettings wtl(Map<String, String> env, Reader r, Simulator simulator) {
        SettingsReader s = r.settings;
        URI url = null;
        String token = null;
        if (simulator.enabled()) {
            List<String> tokens = r.tokens("WTL_API_TOKEN", "WTL_API_TOKEN_FILE", "connector.wtl");
            token = tokens.isEmpty() ? randomToken() : tokens.getFirst();
            s.string("connector.wtl.url", "");
            // the real port is known only once the simulator listens; Main fills it in
            url = URI.create("http://" + simulator.host() + ":" + simulator.port() + "/wtl/hlr/v1");
        } else {
            String raw = env.getOrDefault("WTL_API_URL", s.string("connector.wtl.url", ""));
            if (raw.isBlank()) {
                r.fromEnvironment("WTL_API_URL", "missing (WTL API base URL, e.g. http://wtl-api:3001/wtl/hlr/v1; "
                        + "or connector.wtl.url; or start with --simulator to try the connector without an HLR)");
            } else {
                try {
                    url = URI.create(raw.strip());
                    String scheme = url.getScheme() == null ? "" : url.getScheme();
                    if (url.getRawUserInfo() != null) {
                        // credentials in the URL would be logged with it: refused, never echoed
                        s.error("WTL_API_URL", "must not contain user info (user:password@); give WTL's credential "
                                + "as WTL_API_TOKEN / WTL_API_TOKEN_FILE");
                        url = null;
                    } else if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")
                            || url.getHost() == null) {
                        s.error("WTL_API_URL", "'" + withoutUserInfo(raw) + "' must be an absolute http:// or https:// URL");
                        url = null;
                    }
                } catch (IllegalArgumentException e) {
                    s.error("WTL_API_URL", "'" + withoutUserInfo(raw) + "' is not a valid URL");
                }
            }
            List<String> tokens = r.tokens("WTL_API_TOKEN", "WTL_API_TOKEN_FILE", "connector.wtl");
            if (tokens.isEmpty()) {
                r.fromEnvironment("WTL_API_TOKEN", "missing (Bearer token for WTL; or connector.wtl.token, "
                        + "or a file in WTL_API_TOKEN_FILE / connector.wtl.token-file)");
            } else {
                token = tokens.getFirst();
            }
        }

        Duration connect = s.duration("connector.wtl.connect-timeout", Duration.ofSeconds(2));
        Duration attempt;
        String legacyTimeout = env.get("WTL_HTTP_REQUESTS_TIMEOUT");
        if (legacyTimeout != null) {
            s.node("connector.wtl.attempt-timeout");
            attempt = Duration.ofMillis(1);
            try {
                double seconds = Double.parseDouble(legacyTimeout.strip());
                if (!(seconds >= 0.001 && seconds <= 3600)) {
                    s.error("WTL_HTTP_REQUESTS_TIMEOUT", "must be between 0.001 and 3600 seconds");
                } else {
                    attempt = Duration.ofMillis(Math.round(seconds * 1000));
                }
            } catch (NumberFormatException e) {
                s.error("WTL_HTTP_REQUESTS_TIMEOUT", "'" + legacyTimeout + "' is not a number of seconds");
            }
        } else {
            attempt = s.duration("connector.wtl.attempt-timeout", Duration.ofSeconds(10));
        }
        Duration deadline = s.duration("connector.wtl.event-deadline", Duration.ofSeconds(20));

        String rt = "connector.wtl.retry.";
        WtlSettings.Retry retry = new WtlSettings.Retry(s.integer(rt + "attempts", 3, 1, 10),
                                s.duration(rt + "initial-delay", Duration.ofMillis(200)),
                                s.duration(rt + "max-delay", Duration.ofSeconds(2)),
                                s.decimal(rt + "multiplier", 2.0, 1.0, Double.MAX_VALUE),
                                s.decimal(rt + "jitter", 0.2, 0, 1),
                                s.duration(rt + "retry-after-cap", Duration.ofSeconds(5)),
                                Set.copyOf(s.integers(rt + "statuses", List.of(502, 503, 504), 100, 599)));

        String b = "connector.wtl.circuit-breaker.";
        WtlSettings.Breaker breaker = new WtlSettings.Breaker(s.bool(b + "enabled", true),
                                      s.integer(b + "volume", 20, 1, Integer.MAX_VALUE),
                                      s.integer(b + "error-ratio", 60, 1, 100),
                                      s.duration(b + "delay", Duration.ofSeconds(5)),
                                      s.integer(b + "success-threshold", 1, 1, Integer.MAX_VALUE));

        WtlSettings.Bulkhead bulkhead = new WtlSettings.Bulkhead(s.integer("connector.wtl.bulkhead.limit", 128, 1, Integer.MAX_VALUE),
                                         s.integer("connector.wtl.bulkhead.queue", 1024, 0, Integer.MAX_VALUE));

        Map<WtlAction, WtlSettings.AlreadyDone> treat = new EnumMap<>(WtlAction.class);
        treat.put(WtlAction.INSERT, new WtlSettings.AlreadyDone(Set.of(409), List.of("already exist")));
        treat.put(WtlAction.DELETE, new WtlSettings.AlreadyDone(Set.of(404), List.of("not found", "does not exist")));
        String t = "connector.wtl.treat-as-success";
        Config node = s.node(t);
        if (node.exists()) {
            treat.clear();
            if (node.type() != Config.Type.OBJECT) {
                s.error(t, "must be a map of action to {statuses, error-contains}");
            }
            for (Config action : node.type() == Config.Type.OBJECT ? node.asNodeList().orElse(List.of()) : List.<Config>of()) {
                String key = t + "." + action.name();
                try {
                    WtlAction parsed = WtlAction.parse(action.name());
                    s.node(key);
                    treat.put(parsed, new WtlSettings.AlreadyDone(Set.copyOf(s.integers(key + ".statuses", List.of(), 100, 599)),
                                                      s.strings(key + ".error-contains", List.of())));
                } catch (IllegalArgumentException e) {
                    s.error(key, e.getMessage());
                    s.freeForm(key);
                }
            }
        } else {
            for (String action : List.of("insert", "delete")) {
                s.node(t + "." + action + ".statuses");
                s.node(t + "." + action + ".error-contains");
            }
        }
        return new WtlSettings(url, token, connect, attempt, deadline, retry, breaker, bulkhead, treat,
                       s.freeForm("connector.wtl.client"));
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "ConnectorConfig[configDir=" + configDir + ", port=" + port + ", eventPath=" + eventPath
                + ", maxBodyBytes=" + maxBodyBytes + ", apiTokens=<" + apiTokens.size() + " redacted>, wtl=" + wtl
                + ", simulator=" + simulator + ", logging=" + logging + ", reload=" + reload + ", nac=" + nac
                + ", delivery=" + delivery + ", tls=" + tls + "]";
    }

    /**
     * The strict reader plus the environment overlay of the reference connector's variables, and the choice of
     * severity for settings the pod provides: an error when starting, a note when only the files are checked.
     */
    private static final class Reader {
        private final SettingsReader settings;
        private final Map<String, String> env;
        private final boolean filesOnly;
        private final List<Problem> fileProblems = new ArrayList<>();

        Reader(Config root, Map<String, String> env, boolean filesOnly) {
            this.settings = new SettingsReader(root);
            this.env = env;
            this.filesOnly = filesOnly;
        }

        List<Problem> problems() {
            List<Problem> all = new ArrayList<>(settings.problems());
            all.addAll(fileProblems);
            return all;
        }

        /** A setting normally given by the pod's environment or a mounted Secret is missing or unreadable. */
        void fromEnvironment(String key, String message) {
            settings.problem(filesOnly ? Problem.Severity.NOTE : Problem.Severity.ERROR, key, message);
        }

        int intValue(String envName, String key, int fallback, int min, int max) {
            String raw = env.get(envName);
            if (raw == null) {
                return settings.integer(key, fallback, min, max);
            }
            settings.node(key);
            try {
                int value = Integer.parseInt(raw.strip());
                if (value < min || value > max) {
                    settings.error(envName, value + " is not a TCP port (0-65535)");
                    return fallback;
                }
                return value;
            } catch (NumberFormatException e) {
                settings.error(envName, "'" + raw + "' is not a number");
                return fallback;
            }
        }

        /** A boolean from the variable if set, else from the key; only true or false. */
        boolean envBool(String envName, String key, boolean fallback) {
            String raw = env.get(envName);
            if (raw == null) {
                return settings.bool(key, fallback);
            }
            settings.node(key);
            return settings.parseBoolean(envName, raw, fallback);
        }

        /** Tokens from the variable, else the variable's file, else the key's tokens/token/token-file. */
        List<String> tokens(String envName, String envFileName, String key) {
            List<String> listed = settings.strings(key + ".tokens", List.of());
            Optional<String> single = settings.raw(key + ".token");
            Optional<String> file = settings.raw(key + ".token-file").filter(f -> !f.isBlank());
            if (env.containsKey(envName) && !env.get(envName).isBlank()) {
                return Secrets.split(env.get(envName));
            }
            if (env.containsKey(envFileName) && !env.get(envFileName).isBlank()) {
                return readFile(Path.of(env.get(envFileName).strip()), envFileName);
            }
            List<String> tokens = new ArrayList<>();
            listed.forEach(t -> tokens.addAll(Secrets.split(t)));
            single.ifPresent(t -> tokens.addAll(Secrets.split(t)));
            if (tokens.isEmpty() && file.isPresent()) {
                return readFile(Path.of(file.get()), key + ".token-file");
            }
            return tokens;
        }

        /** The file {@link #tokens} reads, when the tokens come from a file rather than a value. */
        Optional<Path> tokenFile(String envName, String envFileName, String key) {
            if (env.containsKey(envName) && !env.get(envName).isBlank()) {
                return Optional.empty();
            }
            if (env.containsKey(envFileName) && !env.get(envFileName).isBlank()) {
                return Optional.of(Path.of(env.get(envFileName).strip()));
            }
            Config root = settings.node(key);
            Config list = root.get("tokens");
            boolean direct = list.type() == Config.Type.VALUE
                    ? !Secrets.split(list.asString().orElse("")).isEmpty()
                    : list.type() == Config.Type.LIST && !list.asNodeList().orElse(List.of()).isEmpty();
            if (direct || root.get("token").type() == Config.Type.VALUE) {
                return Optional.empty();
            }
            Config file = root.get("token-file");
            return file.type() == Config.Type.VALUE
                    ? file.asString().asOptional().filter(f -> !f.isBlank()).map(Path::of)
                    : Optional.empty();
        }

        private List<String> readFile(Path file, String key) {
            try {
                return Secrets.readFile(file, key);
            } catch (InvalidConfigException e) {
                // an unreadable token file is mounted from a Secret: what the pod provides
                e.details().forEach(p -> fromEnvironmentProblem(p));
                return List.of();
            }
        }

        private void fromEnvironmentProblem(Problem p) {
            fileProblems.add(new Problem(p.severity(), p.key(), p.message()));
        }
    }
}
