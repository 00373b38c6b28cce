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

import io.nspsconnector.wtl.WtlAction;

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
                              Wtl wtl,
                              Simulator simulator,
                              Logging logging,
                              Reload reload,
                              Nac nac,
                              Delivery delivery,
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
     * WTL client settings.
     *
     * @param url             base URL; {@code /prov} is appended
     * @param token           Bearer token for WTL
     * @param connectTimeout  TCP/TLS connect timeout
     * @param attemptTimeout  longest wait for one WTL answer
     * @param eventDeadline   longest time spent on one event, retries included
     * @param retry           retry policy
     * @param breaker         circuit breaker
     * @param bulkhead        concurrency limit
     * @param treatAsSuccess  WTL rejections that mean "already done" for an action
     * @param client          Helidon WebClient settings passed through (TLS trust, proxy, default headers, ...)
     */
    public record Wtl(URI url,
                      String token,
                      Duration connectTimeout,
                      Duration attemptTimeout,
                      Duration eventDeadline,
                      Retry retry,
                      Breaker breaker,
                      Bulkhead bulkhead,
                      Map<WtlAction, AlreadyDone> treatAsSuccess,
                      Config client) {

        /** Copies maps. */
        public Wtl {
            treatAsSuccess = Map.copyOf(treatAsSuccess);
        }

        /** The provisioning endpoint. */
        public URI provUri() {
            String base = url.toString();
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            return URI.create(base + "/prov");
        }

        @Override
        public String toString() {
            return "Wtl[url=" + url + ", token=<redacted>, connectTimeout=" + connectTimeout
                    + ", attemptTimeout=" + attemptTimeout + ", eventDeadline=" + eventDeadline + ", retry=" + retry
                    + ", breaker=" + breaker + ", bulkhead=" + bulkhead + ", treatAsSuccess=" + treatAsSuccess + "]";
        }
    }

    /**
     * Retry policy for transient WTL failures.
     *
     * @param attempts        total attempts per operation, first included
     * @param initialDelay    delay before the first retry
     * @param maxDelay        largest delay between attempts
     * @param multiplier      growth of the delay per attempt
     * @param jitter          random share (0..1) taken off or added to each delay
     * @param retryAfterCap   longest WTL {@code Retry-After} we wait for; longer ones are passed on to NSPS
     * @param retryStatuses   HTTP statuses retried
     */
    public record Retry(int attempts,
                        Duration initialDelay,
                        Duration maxDelay,
                        double multiplier,
                        double jitter,
                        Duration retryAfterCap,
                        Set<Integer> retryStatuses) {
        /** Copies sets. */
        public Retry {
            retryStatuses = Set.copyOf(retryStatuses);
        }
    }

    /**
     * Circuit breaker around WTL calls.
     *
     * @param enabled          whether calls go through the breaker
     * @param volume           rolling window of calls
     * @param errorRatio       failure percentage in the window that opens the breaker
     * @param delay            how long the breaker stays open before a trial call
     * @param successThreshold successful trial calls that close it again
     */
    public record Breaker(boolean enabled, int volume, int errorRatio, Duration delay, int successThreshold) {
    }

    /**
     * Limit on concurrent WTL calls.
     *
     * @param limit concurrent calls
     * @param queue calls waiting for a slot; beyond it a call fails at once
     */
    public record Bulkhead(int limit, int queue) {
    }

    /**
     * WTL answers that mean a repeated operation already took effect.
     *
     * @param statuses      HTTP statuses (besides 2xx with {@code result:false}) where the texts are looked for
     * @param errorContains texts, any of which in WTL's error (case-insensitive) marks the operation as done
     */
    public record AlreadyDone(Set<Integer> statuses, List<String> errorContains) {
        /** Copies and lower-cases. */
        public AlreadyDone {
            statuses = Set.copyOf(statuses);
            errorContains = errorContains.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        }

        /**
         * Whether this WTL rejection means "already done".
         *
         * @param httpStatus WTL's HTTP status
         * @param error      WTL's error text
         * @return true if the operation can count as applied
         */
        public boolean matches(int httpStatus, String error) {
            if (error == null || !(httpStatus / 100 == 2 || statuses.contains(httpStatus))) {
                return false;
            }
            String text = error.toLowerCase(Locale.ROOT);
            return errorContains.stream().anyMatch(text::contains);
        }
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
     * Network as Code (CAMARA) device-status notification receiver.
     *
     * @param enabled      whether {@code path} and the device status endpoints are served
     * @param path         path Network as Code posts notifications to
     * @param tokens       Bearer tokens given to Network as Code when subscribing (several during a rotation)
     * @param maxBodyBytes largest accepted notification body
     * @param maxDevices   devices whose latest status is kept; the least recently updated is dropped beyond it
     * @param dedupeMaxIds notification ids remembered to recognise re-deliveries
     * @param dedupeWindow how long a notification id is remembered
     */
    public record Nac(boolean enabled, String path, List<String> tokens, long maxBodyBytes, int maxDevices,
                      int dedupeMaxIds, Duration dedupeWindow) {
        /** Copies lists. */
        public Nac {
            tokens = List.copyOf(tokens);
        }

        @Override
        public String toString() {
            return "Nac[enabled=" + enabled + ", path=" + path + ", tokens=<" + tokens.size() + " redacted>"
                    + ", maxBodyBytes=" + maxBodyBytes + ", maxDevices=" + maxDevices + ", dedupeMaxIds="
                    + dedupeMaxIds + ", dedupeWindow=" + dedupeWindow + "]";
        }
    }

    /**
     * Delivery guarantees: what the pod remembers of applied events, and how it stops.
     *
     * @param appliedEvents bounds of the record of applied event ids (duplicates)
     * @param subscribers   bounds of the per-IMSI record of the newest applied event (stale events)
     * @param shutdownGrace time a stopping pod gives the events in flight before it exits
     * @param futureTolerance how far after this pod's clock an event's {@code created_at} may lie and still order
     *                        its subscriber's events; a later one is not trusted (treated as absent)
     */
    public record Delivery(Bound appliedEvents, Bound subscribers, Duration shutdownGrace, Duration futureTolerance) {
    }

    /**
     * Bounds of an in-memory record.
     *
     * @param maxSize entries at most (0 keeps nothing)
     * @param ttl     how long an entry is kept after its last write
     */
    public record Bound(long maxSize, Duration ttl) {
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
        Reader r = new Reader(env);
        Config c = root.get("connector");

        int port = r.intValue(env, "PORT", root.get("server.port"), "server.port", 8000);
        if (port < 0 || port > 65535) {
            r.problem((env.containsKey("PORT") ? "PORT" : "server.port") + ": " + port + " is not a TCP port (0-65535)");
        }
        String eventPath = c.get("event-path").asString().orElse("/process-event");
        if (!eventPath.startsWith("/")) {
            r.problem("connector.event-path: must start with '/'");
        }
        long maxBody = c.get("max-body-size").asLong().orElse(2L * 1024 * 1024);
        if (maxBody < 1024) {
            r.problem("connector.max-body-size: must be at least 1024 bytes (NSPS events reach 1 MB)");
        }

        List<String> apiTokens = r.tokens("API_TOKEN", "API_TOKEN_FILE", c.get("auth"), "connector.auth");
        if (apiTokens.isEmpty()) {
            r.problem("API_TOKEN: missing (the Bearer token(s) NSPS sends; or connector.auth.tokens, "
                              + "or a file in API_TOKEN_FILE / connector.auth.token-file)");
        }

        Config s = c.get("simulator");
        boolean urlGiven = env.containsKey("WTL_API_URL") || c.get("wtl.url").exists();
        boolean simulatorWanted = simulatorRequested
                || Boolean.parseBoolean(env.getOrDefault("WTL_SIMULATOR_ENABLED",
                                                         s.get("enabled").asString().orElse("false")));
        boolean simulatorOn = simulatorWanted && !urlGiven;
        Simulator simulator = new Simulator(simulatorOn,
                                            s.get("host").asString().orElse("127.0.0.1"),
                                            s.get("port").asInt().orElse(3001),
                                            s.get("update-creates").asBoolean().orElse(true),
                                            s.get("latency").exists()
                                                    ? r.duration(s.get("latency"), "connector.simulator.latency",
                                                                 Duration.ZERO)
                                                    : Duration.ZERO);

        Wtl wtl = wtl(c.get("wtl"), env, r, simulator);

        Config l = c.get("logging");
        String level = env.getOrDefault("LOG_LEVEL", l.get("level").asString().orElse("INFO"));
        if (!Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL")
                .contains(level.toUpperCase(Locale.ROOT))) {
            r.problem("LOG_LEVEL: '" + level + "' is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL");
        }
        Logging logging = new Logging(level.toUpperCase(Locale.ROOT),
                                      l.get("mask-subscriber-ids").asBoolean().orElse(true),
                                      l.get("access-log").asBoolean().orElse(true));
        Config rl = c.get("reload");
        Duration interval = r.duration(rl.get("interval"), "connector.reload.interval", Duration.ofSeconds(2));
        if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofMinutes(1)) > 0) {
            r.problem("connector.reload.interval: must be between PT0.01S and PT1M");
        }
        Reload reload = new Reload(rl.get("enabled").asBoolean().orElse(true), interval,
                                   r.tokenFile("API_TOKEN", "API_TOKEN_FILE", c.get("auth")),
                                   r.tokenFile("WTL_API_TOKEN", "WTL_API_TOKEN_FILE", c.get("wtl")),
                                   r.tokenFile("NAC_NOTIFICATION_TOKEN", "NAC_NOTIFICATION_TOKEN_FILE", c.get("nac")));
        Nac nac = nac(c.get("nac"), env, r, eventPath);
        Delivery delivery = delivery(c.get("delivery"), r);
        Tls tls = tls(c.get("tls"), r);
        r.throwIfAny(configDir.resolve("application.yaml").toString());
        return new ConnectorConfig(configDir, port, eventPath, maxBody, apiTokens, wtl, simulator, logging, reload,
                                   nac, delivery, tls);
    }

    private static Nac nac(Config n, Map<String, String> env, Reader r, String eventPath) {
        boolean enabled = Boolean.parseBoolean(env.getOrDefault("NAC_ENABLED",
                                                                n.get("enabled").asString().orElse("false")).strip());
        String path = n.get("path").asString().orElse("/notifications");
        if (!path.startsWith("/") || path.equals(eventPath) || path.equals("/devices") || path.startsWith("/devices/")) {
            r.problem("connector.nac.path: must start with '/' and differ from the event path and /devices");
        }
        List<String> tokens = r.tokens("NAC_NOTIFICATION_TOKEN", "NAC_NOTIFICATION_TOKEN_FILE", n, "connector.nac");
        if (enabled && tokens.isEmpty()) {
            // never run the receiver open: a missing token is a misconfiguration, not "no authentication"
            r.problem("NAC_NOTIFICATION_TOKEN: missing (the Bearer token(s) given to Network as Code when "
                              + "subscribing; or connector.nac.tokens, or a file in NAC_NOTIFICATION_TOKEN_FILE / "
                              + "connector.nac.token-file; or set NAC_ENABLED=false)");
        }
        long maxBody = n.get("max-body-size").asLong().orElse(64L * 1024);
        if (maxBody < 1024) {
            r.problem("connector.nac.max-body-size: must be at least 1024 bytes");
        }
        int maxDevices = n.get("max-devices").asInt().orElse(100_000);
        if (maxDevices < 1) {
            r.problem("connector.nac.max-devices: must be at least 1");
        }
        Config d = n.get("dedupe");
        int maxIds = d.get("max-ids").asInt().orElse(100_000);
        if (maxIds < 1) {
            r.problem("connector.nac.dedupe.max-ids: must be at least 1");
        }
        Duration window = r.duration(d.get("window"), "connector.nac.dedupe.window", Duration.ofHours(24));
        return new Nac(enabled, path, tokens, maxBody, maxDevices, maxIds, window);
    }

    private static Delivery delivery(Config d, Reader r) {
        Bound events = bound(d.get("applied-events"), "connector.delivery.applied-events", 100_000, r);
        Bound subscribers = bound(d.get("subscribers"), "connector.delivery.subscribers", 200_000, r);
        Duration grace = r.duration(d.get("shutdown-grace-period"), "connector.delivery.shutdown-grace-period",
                                    Duration.ofSeconds(30));
        Duration future = r.duration(d.get("future-tolerance"), "connector.delivery.future-tolerance",
                                     Duration.ofMinutes(5));
        return new Delivery(events, subscribers, grace, future);
    }

    private static Bound bound(Config node, String key, long defaultSize, Reader r) {
        long size = defaultSize;
        try {
            size = node.get("max-size").asLong().orElse(defaultSize);
        } catch (RuntimeException e) {
            r.problem(key + ".max-size: not a number");
        }
        if (size < 0) {
            r.problem(key + ".max-size: must be 0 or more");
            size = defaultSize;
        }
        return new Bound(size, r.duration(node.get("ttl"), key + ".ttl", Duration.ofHours(25)));
    }

    private static Tls tls(Config t, Reader r) {
        boolean enabled = t.get("enabled").asBoolean().orElse(false);
        Path certificate = Path.of(t.get("certificate").asString().orElse("/etc/nsps-connector/tls/tls.crt"));
        Path key = Path.of(t.get("private-key").asString().orElse("/etc/nsps-connector/tls/tls.key"));
        if (enabled) {
            for (Map.Entry<String, Path> file : Map.of("certificate", certificate, "private-key", key).entrySet()) {
                if (!Files.isReadable(file.getValue())) {
                    r.problem("connector.tls." + file.getKey() + ": " + file.getValue() + " is not a readable file");
                }
            }
        }
        return new Tls(enabled, certificate, key);
    }

    /** A URL text for a message, with anything that may be credentials ({@code user:pass@}) replaced. */
    private static String withoutUserInfo(String raw) {
        return raw.replaceFirst("(?<=//)[^/?#]*@", "***@");
    }

    private static Wtl wtl(Config w, Map<String, String> env, Reader r, Simulator simulator) {
        URI url = null;
        String token = null;
        if (simulator.enabled()) {
            List<String> tokens = r.tokens("WTL_API_TOKEN", "WTL_API_TOKEN_FILE", w, "connector.wtl");
            token = tokens.isEmpty() ? randomToken() : tokens.getFirst();
            // the real port is known only once the simulator listens; Main fills it in
            url = URI.create("http://" + simulator.host() + ":" + simulator.port() + "/wtl/hlr/v1");
        } else {
            String raw = env.getOrDefault("WTL_API_URL", w.get("url").asString().orElse(""));
            if (raw.isBlank()) {
                r.problem("WTL_API_URL: missing (WTL API base URL, e.g. http://wtl-api:3001/wtl/hlr/v1; "
                                  + "or connector.wtl.url; or start with --simulator to try the connector without an HLR)");
            } else {
                try {
                    url = URI.create(raw.strip());
                    String scheme = url.getScheme() == null ? "" : url.getScheme();
                    if (url.getRawUserInfo() != null) {
                        // credentials in the URL would be logged with it: refused, never echoed
                        r.problem("WTL_API_URL: must not contain user info (user:password@); give WTL's credential "
                                          + "as WTL_API_TOKEN / WTL_API_TOKEN_FILE");
                        url = null;
                    } else if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")
                            || url.getHost() == null) {
                        r.problem("WTL_API_URL: '" + withoutUserInfo(raw)
                                          + "' must be an absolute http:// or https:// URL");
                        url = null;
                    }
                } catch (IllegalArgumentException e) {
                    r.problem("WTL_API_URL: '" + withoutUserInfo(raw) + "' is not a valid URL");
                }
            }
            List<String> tokens = r.tokens("WTL_API_TOKEN", "WTL_API_TOKEN_FILE", w, "connector.wtl");
            if (tokens.isEmpty()) {
                r.problem("WTL_API_TOKEN: missing (Bearer token for WTL; or connector.wtl.token, "
                                  + "or a file in WTL_API_TOKEN_FILE / connector.wtl.token-file)");
            } else {
                token = tokens.getFirst();
            }
        }

        Duration connect = r.duration(w.get("connect-timeout"), "connector.wtl.connect-timeout", Duration.ofSeconds(2));
        Duration attempt;
        String legacyTimeout = env.get("WTL_HTTP_REQUESTS_TIMEOUT");
        if (legacyTimeout != null) {
            attempt = Duration.ofMillis(1);
            try {
                double seconds = Double.parseDouble(legacyTimeout.strip());
                if (!(seconds >= 0.001 && seconds <= 3600)) {
                    r.problem("WTL_HTTP_REQUESTS_TIMEOUT: must be between 0.001 and 3600 seconds");
                } else {
                    attempt = Duration.ofMillis(Math.round(seconds * 1000));
                }
            } catch (NumberFormatException e) {
                r.problem("WTL_HTTP_REQUESTS_TIMEOUT: '" + legacyTimeout + "' is not a number of seconds");
            }
        } else {
            attempt = r.duration(w.get("attempt-timeout"), "connector.wtl.attempt-timeout", Duration.ofSeconds(10));
        }
        Duration deadline = r.duration(w.get("event-deadline"), "connector.wtl.event-deadline", Duration.ofSeconds(20));

        Config rt = w.get("retry");
        int attempts = rt.get("attempts").asInt().orElse(3);
        if (attempts < 1 || attempts > 10) {
            r.problem("connector.wtl.retry.attempts: must be between 1 and 10");
        }
        double multiplier = rt.get("multiplier").asDouble().orElse(2.0);
        double jitter = rt.get("jitter").asDouble().orElse(0.2);
        if (multiplier < 1.0) {
            r.problem("connector.wtl.retry.multiplier: must be at least 1.0");
        }
        if (jitter < 0 || jitter > 1) {
            r.problem("connector.wtl.retry.jitter: must be between 0 and 1");
        }
        Retry retry = new Retry(attempts,
                                r.duration(rt.get("initial-delay"), "connector.wtl.retry.initial-delay",
                                           Duration.ofMillis(200)),
                                r.duration(rt.get("max-delay"), "connector.wtl.retry.max-delay", Duration.ofSeconds(2)),
                                multiplier,
                                jitter,
                                r.duration(rt.get("retry-after-cap"), "connector.wtl.retry.retry-after-cap",
                                           Duration.ofSeconds(5)),
                                Set.copyOf(rt.get("statuses").asList(Integer.class).orElse(List.of(502, 503, 504))));

        Config b = w.get("circuit-breaker");
        Breaker breaker = new Breaker(b.get("enabled").asBoolean().orElse(true),
                                      b.get("volume").asInt().orElse(20),
                                      b.get("error-ratio").asInt().orElse(60),
                                      r.duration(b.get("delay"), "connector.wtl.circuit-breaker.delay",
                                                 Duration.ofSeconds(5)),
                                      b.get("success-threshold").asInt().orElse(1));
        if (breaker.volume() < 1 || breaker.errorRatio() < 1 || breaker.errorRatio() > 100
                || breaker.successThreshold() < 1) {
            r.problem("connector.wtl.circuit-breaker: volume >= 1, 1 <= error-ratio <= 100, success-threshold >= 1");
        }

        Config bh = w.get("bulkhead");
        Bulkhead bulkhead = new Bulkhead(bh.get("limit").asInt().orElse(128), bh.get("queue").asInt().orElse(1024));
        if (bulkhead.limit() < 1 || bulkhead.queue() < 0) {
            r.problem("connector.wtl.bulkhead: limit >= 1 and queue >= 0");
        }

        Map<WtlAction, AlreadyDone> treat = new EnumMap<>(WtlAction.class);
        treat.put(WtlAction.INSERT, new AlreadyDone(Set.of(409), List.of("already exist")));
        treat.put(WtlAction.DELETE, new AlreadyDone(Set.of(404), List.of("not found", "does not exist")));
        Config t = w.get("treat-as-success");
        if (t.exists()) {
            treat.clear();
            for (Config action : t.asNodeList().orElse(List.of())) {
                try {
                    treat.put(WtlAction.parse(action.name()),
                              new AlreadyDone(Set.copyOf(action.get("statuses").asList(Integer.class).orElse(List.of())),
                                              action.get("error-contains").asList(String.class).orElse(List.of())));
                } catch (IllegalArgumentException e) {
                    r.problem("connector.wtl.treat-as-success." + action.name() + ": " + e.getMessage());
                }
            }
        }
        return new Wtl(url, token, connect, attempt, deadline, retry, breaker, bulkhead, treat, w.get("client"));
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

    /** Typed reads that collect problems instead of stopping at the first. */
    private static final class Reader {
        private final List<String> problems = new ArrayList<>();
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = env;
        }

        void problem(String problem) {
            problems.add(problem);
        }

        int intValue(Map<String, String> env, String envName, Config node, String key, int fallback) {
            String raw = env.get(envName);
            if (raw != null) {
                try {
                    return Integer.parseInt(raw.strip());
                } catch (NumberFormatException e) {
                    problem(envName + ": '" + raw + "' is not a number");
                    return fallback;
                }
            }
            try {
                return node.asInt().orElse(fallback);
            } catch (RuntimeException e) {
                problem(key + ": not a number");
                return fallback;
            }
        }

        Duration duration(Config node, String key, Duration fallback) {
            try {
                Duration d = node.as(Duration.class).orElse(fallback);
                if (d.isNegative() || d.isZero()) {
                    problem(key + ": must be positive");
                    return fallback;
                }
                return d;
            } catch (RuntimeException e) {
                problem(key + ": not a duration (ISO-8601, e.g. PT2S or PT0.5S)");
                return fallback;
            }
        }

        /** Tokens from the variable, else the variable's file, else the config node's tokens/token/token-file. */
        List<String> tokens(String envName, String envFileName, Config node, String key) {
            if (env.containsKey(envName) && !env.get(envName).isBlank()) {
                return Secrets.split(env.get(envName));
            }
            if (env.containsKey(envFileName) && !env.get(envFileName).isBlank()) {
                return readFile(Path.of(env.get(envFileName).strip()), envFileName);
            }
            List<String> tokens = new ArrayList<>();
            Config list = node.get("tokens");
            if (list.type() == Config.Type.VALUE) {
                tokens.addAll(Secrets.split(list.asString().orElse("")));
            } else {
                list.asList(String.class).ifPresent(l -> l.forEach(t -> tokens.addAll(Secrets.split(t))));
            }
            node.get("token").asString().ifPresent(t -> tokens.addAll(Secrets.split(t)));
            if (tokens.isEmpty()) {
                Optional<String> file = node.get("token-file").asString().asOptional().filter(f -> !f.isBlank());
                if (file.isPresent()) {
                    return readFile(Path.of(file.get()), key + ".token-file");
                }
            }
            return tokens;
        }

        /** The file {@link #tokens} reads, when the tokens come from a file rather than a value. */
        Optional<Path> tokenFile(String envName, String envFileName, Config node) {
            if (env.containsKey(envName) && !env.get(envName).isBlank()) {
                return Optional.empty();
            }
            if (env.containsKey(envFileName) && !env.get(envFileName).isBlank()) {
                return Optional.of(Path.of(env.get(envFileName).strip()));
            }
            Config list = node.get("tokens");
            boolean direct = list.type() == Config.Type.VALUE
                    ? !Secrets.split(list.asString().orElse("")).isEmpty()
                    : !list.asList(String.class).orElse(List.of()).isEmpty();
            if (direct || node.get("token").asString().isPresent()) {
                return Optional.empty();
            }
            return node.get("token-file").asString().asOptional().filter(f -> !f.isBlank()).map(Path::of);
        }

        private List<String> readFile(Path file, String key) {
            try {
                return Secrets.readFile(file, key);
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
                return List.of();
            }
        }

        void throwIfAny(String source) {
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(source, new ArrayList<>(new TreeSet<>(problems)));
            }
        }
    }
}
