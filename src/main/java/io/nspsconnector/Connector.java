package io.nspsconnector;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

import io.nspsconnector.config.ConfigWatcher;
import io.nspsconnector.config.ConnectorConfig;
import io.nspsconnector.config.InvalidConfigException;
import io.nspsconnector.config.LiveFile;
import io.nspsconnector.config.MappingsLoader;
import io.nspsconnector.config.Secrets;
import io.nspsconnector.delivery.DeliveryGuard;
import io.nspsconnector.delivery.DeliveryLedger;
import io.nspsconnector.delivery.DeliverySettings;
import io.nspsconnector.delivery.Drain;
import io.nspsconnector.delivery.EventProcessor;
import io.nspsconnector.delivery.MemoryLedger;
import io.nspsconnector.delivery.SubscriberLocks;
import io.nspsconnector.errors.ErrorKind;
import io.nspsconnector.http.AllowedMethods;
import io.nspsconnector.http.ApiTokens;
import io.nspsconnector.http.AuthFilter;
import io.nspsconnector.http.ConnectionGuard;
import io.nspsconnector.http.ErrorMapper;
import io.nspsconnector.http.EventHandler;
import io.nspsconnector.http.EventService;
import io.nspsconnector.http.ExplainService;
import io.nspsconnector.http.InvalidServerSettings;
import io.nspsconnector.http.JsonDirectHandler;
import io.nspsconnector.http.OpenApiService;
import io.nspsconnector.http.RequestContextFilter;
import io.nspsconnector.http.ServerTls;
import io.nspsconnector.logging.LogDrops;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.metrics.ConnectorMetrics;
import io.nspsconnector.metrics.MetricsSetup;
import io.nspsconnector.nac.NacReceiver;
import io.nspsconnector.nsps.EventPlanner;
import io.nspsconnector.nsps.EventRules;
import io.nspsconnector.nsps.EventValidator;
import io.nspsconnector.nsps.ImsiFilter;
import io.nspsconnector.nsps.Mappings;
import io.nspsconnector.server.InboundLimits;
import io.nspsconnector.server.ServerSettings;
import io.nspsconnector.simulator.SimulatorSettings;
import io.nspsconnector.simulator.WtlSimulatorServer;
import io.nspsconnector.state.PostgresLedger;
import io.nspsconnector.state.PostgresStore;
import io.nspsconnector.state.StateSettings;
import io.nspsconnector.wtl.WtlClient;
import io.nspsconnector.wtl.WtlSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * The assembled connector: configuration, rules, WTL client, HTTP routing and, when asked for, the embedded WTL
 * simulator. {@link Main} and the tests build the server through the same {@link #configure} method.
 */
public final class Connector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

    private final ConnectorConfig config;
    private final Supplier<Mappings> mappings;
    private final Supplier<ApiTokens> apiTokens;
    private final ConfigWatcher watcher;
    private final WebServer simulator;
    private final WtlClient wtlClient;
    private final ConnectorMetrics metrics;
    private final MetricsSetup metricsSetup;
    /** The Network as Code receiver, or null when it is off. */
    private final NacReceiver nac;
    private final Supplier<ApiTokens> nacTokens;
    private final DeliveryLedger ledger;
    private final Drain drain = new Drain();
    /** The PostgreSQL store this connector opened (closed with it), or null. */
    private PostgresStore store;
    /** Open connections, their deadlines and the body budget; set up by {@link #configure}. */
    private volatile ConnectionGuard guard;

    /**
     * What the watcher keeps current while the connector runs.
     *
     * @param mappings  the event-type mappings in force
     * @param apiTokens the API tokens in force
     * @param nacTokens the Network as Code tokens in force, or null when the receiver is off
     * @param watcher   the watcher of the mounted files
     */
    private record LiveInputs(Supplier<Mappings> mappings, Supplier<ApiTokens> apiTokens,
                              Supplier<ApiTokens> nacTokens, ConfigWatcher watcher) {
    }

    /**
     * The meters and what {@code /metrics} exports of them.
     *
     * @param setup   the registry and its {@code /metrics} observer
     * @param metrics the connector's meters, registered in it
     */
    private record Meters(MetricsSetup setup, ConnectorMetrics metrics) {
    }

    private Connector(ConnectorConfig config, LiveInputs inputs, WebServer simulator, WtlClient wtlClient,
                      NacReceiver nac, DeliveryLedger ledger, Meters meters) {
        this.config = config;
        this.metricsSetup = meters.setup();
        this.mappings = inputs.mappings();
        this.apiTokens = inputs.apiTokens();
        this.watcher = inputs.watcher();
        this.simulator = simulator;
        this.wtlClient = wtlClient;
        this.metrics = meters.metrics();
        this.nac = nac;
        this.nacTokens = inputs.nacTokens();
        this.ledger = ledger;
        this.metrics.deliveryState(drain::inFlight,
                                   () -> ledger instanceof MemoryLedger m ? m.eventCount() : 0L,
                                   () -> ledger instanceof MemoryLedger m ? m.subscriberCount() : 0L);
        this.metrics.logLinesDropped(LogDrops::count);
    }

    /**
     * Builds the connector from its configuration: loads the mappings, starts the simulator if enabled, creates
     * the WTL client, and opens the delivery ledger {@code connector.state.store} names (with {@code postgres}, the
     * pool, after migrating the schema unless {@code migrate} is false). Does not start the connector's own server.
     *
     * @param config validated configuration
     * @param env    environment (for the mapping overrides)
     * @return the connector
     * @throws io.nspsconnector.config.InvalidConfigException if the mappings are invalid
     */
    public static Connector create(ConnectorConfig config, Map<String, String> env) {
        return create(config, env, MetricsSetup.Settings.DEFAULT);
    }

    /**
     * Builds the connector with a given delivery ledger (a ledger that outlives one connector stands for the
     * shared store described in docs/delivery.md).
     *
     * @param config validated configuration
     * @param env    environment (for the mapping overrides)
     * @param ledger what was applied
     * @return the connector
     * @throws io.nspsconnector.config.InvalidConfigException if the mappings are invalid
     */
    public static Connector create(ConnectorConfig config, Map<String, String> env, DeliveryLedger ledger) {
        return create(config, env, ledger, MetricsSetup.Settings.DEFAULT);
    }

    /**
     * Builds the connector with the {@code connector.metrics} settings ({@link Main} reads them from the
     * configuration tree), and the delivery ledger {@code connector.state.store} names.
     *
     * @param config  validated configuration
     * @param env     environment (for the mapping overrides)
     * @param metrics what {@code /metrics} exports
     * @return the connector
     * @throws io.nspsconnector.config.InvalidConfigException if the mappings are invalid
     */
    public static Connector create(ConnectorConfig config, Map<String, String> env, MetricsSetup.Settings metrics) {
        if (config.state().store() == StateSettings.Store.POSTGRES) {
            // the store is the connector's: opened (and migrated, unless migrate is false) here, closed with it
            // the meters exist once the connector does: until then the store's calls go unobserved
            AtomicReference<PostgresLedger.Observer> observer = new AtomicReference<>((call, outcome, nanos) -> { });
            PostgresStore store = PostgresStore.open(config.state().postgres(), new SubscriberLocks(),
                                                     (call, outcome, nanos) -> observer.get().call(call, outcome, nanos));
            try {
                Connector connector = create(config, env, store.ledger(), metrics, store);
                connector.store = store;
                store.startCleanup(config.state().cleanup(), connector.metrics::stateRowsRemoved);
                observer.set(connector.metrics::stateCall);
                connector.metrics.statePool(() -> store.poolCounts().active(), () -> store.poolCounts().idle(),
                                            () -> store.poolCounts().pending(), () -> store.poolCounts().max());
                LOG.info("Delivery state kept in PostgreSQL, shared by the replicas on this database",
                         kv("state_store", config.state().store().wire()));
                return connector;
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        }
        DeliverySettings d = config.delivery();
        return create(config, env, new MemoryLedger(d.appliedEvents().maxSize(), d.appliedEvents().ttl(),
                                                    d.subscribers().maxSize(), d.subscribers().ttl()), metrics);
    }

    /**
     * Builds the connector with a given delivery ledger and metrics settings.
     *
     * @param config          validated configuration
     * @param env             environment (for the mapping overrides)
     * @param ledger          what was applied
     * @param metricsSettings what {@code /metrics} exports
     * @return the connector
     * @throws io.nspsconnector.config.InvalidConfigException if the mappings are invalid
     */
    public static Connector create(ConnectorConfig config, Map<String, String> env, DeliveryLedger ledger,
                                   MetricsSetup.Settings metricsSettings) {
        return create(config, env, ledger, metricsSettings, null);
    }

    /** Builds the connector; with a PostgreSQL store, the Network as Code receiver keeps its state there too. */
    private static Connector create(ConnectorConfig config, Map<String, String> env, DeliveryLedger ledger,
                                    MetricsSetup.Settings metricsSettings, PostgresStore store) {
        Path mappingsFile = config.configDir().resolve(MappingsLoader.FILE_NAME);
        if (!Files.isRegularFile(mappingsFile)) {
            throw new InvalidConfigException(mappingsFile.toString(), List.of("file not found (set CONFIG_DIR to the "
                                                                                  + "directory holding "
                                                                                  + MappingsLoader.FILE_NAME + ")"));
        }
        MetricsSetup metricsSetup = MetricsSetup.create(metricsSettings);
        ConnectorMetrics metrics = new ConnectorMetrics(metricsSetup.registry());
        ConfigWatcher watcher = new ConfigWatcher(metrics);
        LiveFile<Mappings> mappings = watcher.watch(LiveFile.load("mappings", mappingsFile,
                                                                  new MappingsLoader(env)::parse),
                                                    m -> {
                                                        LOG.info("Mappings in force",
                                                                 kv("event_types", m.events().keySet()));
                                                        m.imsiFilter().ifPresent(p -> ImsiFilter.warnings(p.pattern())
                                                                .forEach(w -> LOG.warn("imsi-filter: " + w.text(),
                                                                                       kv("severity", w.severity()))));
                                                    });
        Supplier<ApiTokens> apiTokens = config.reload().apiTokenFile()
                .<Supplier<ApiTokens>>map(file -> watcher.watch(
                        LiveFile.load("api-tokens", file, (c, s) -> new ApiTokens(Secrets.parse(c, s))),
                        t -> LOG.info("API tokens in force", kv("api_tokens", t.size()))))
                .orElse(constant(new ApiTokens(config.server().apiTokens())));
        watcher.watchRestartOnly("application", config.configDir().resolve("application.yaml"));

        WebServer simulator = null;
        ConnectorConfig effective = config;
        if (config.simulator().enabled()) {
            SimulatorSettings.Embedded s = config.simulator();
            simulator = WtlSimulatorServer.startEmbedded(s.host(), s.port(),
                                                         s.settings(config.wtl().token(),
                                                                    !config.logging().maskSubscriberIds()));
            URI url = URI.create("http://" + s.host() + ":" + simulator.port() + WtlSimulatorServer.BASE_PATH);
            effective = withWtlUrl(config, url);
            LOG.info("Embedded WTL simulator started: the connector provisions it instead of a real HLR",
                     kv("wtl_url", url.toString()));
        }
        Masking masking = Masking.of(effective.logging().maskSubscriberIds());
        WtlClient client = new WtlClient(effective.wtl(), metrics, masking);
        if (simulator == null) {
            // with the simulator, both sides use the token read at start; a rotation would only lock them apart
            config.reload().wtlTokenFile().ifPresent(
                    file -> watcher.watch(LiveFile.load("wtl-token", file, (c, s) -> Secrets.parse(c, s).getFirst()),
                                          client::token));
        }
        NacReceiver nac = null;
        Supplier<ApiTokens> nacTokens = null;
        if (config.nac().enabled()) {
            nac = store == null ? NacReceiver.create(config.nac(), metrics, masking)
                    : NacReceiver.create(config.nac(), store.deviceStatus(config.nac().dedupeWindow()), metrics, masking);
            nacTokens = config.reload().nacTokenFile()
                    .<Supplier<ApiTokens>>map(file -> watcher.watch(
                            LiveFile.load("nac-tokens", file, (c, s) -> new ApiTokens(Secrets.parse(c, s))),
                            t -> LOG.info("Network as Code tokens in force", kv("nac_tokens", t.size()))))
                    .orElse(constant(new ApiTokens(config.nac().tokens())));
        }
        if (config.reload().enabled()) {
            watcher.start(config.reload().interval());
        }
        return new Connector(effective, new LiveInputs(mappings, apiTokens, nacTokens, watcher), simulator, client,
                             nac, ledger, new Meters(metricsSetup, metrics));
    }

    /**
     * Puts the connector's routing, observability and limits on a server builder.
     *
     * @param server server builder (port and the rest of {@code server} config already applied)
     * @param root   whole configuration tree
     * @return the same builder
     */
    public WebServerConfig.Builder configure(WebServerConfig.Builder server, Config root) {
        ServerSettings settings = config.server();
        server.config(withoutProtocols(root.get("server")))
                .port(settings.port())
                .maxPayloadSize(settings.maxBodyBytes() + 1024 * 1024);
        guardConnections(server, root.get("server.protocols.http_1_1"), settings.inbound());
        try {
            ServerTls.apply(server, settings.tls());
        } catch (InvalidServerSettings e) {
            throw new InvalidConfigException(e.source(), e.problems());
        }
        server
                .directHandlers(directHandlers())
                .addFeature(observe())
                .routing(this::routing)
                // stopping is ours (shutdown): readiness down and in-flight events drained before the server stops
                .shutdownHook(false);
        return server;
    }

    /**
     * Replaces Helidon's HTTP/1.1 selector by the connection guard wrapping it, configured as the {@code http_1_1}
     * protocol settings say; the guard is then the listener's only selector, so it sees every connection from its
     * accept on (even one that never sends a byte).
     */
    private void guardConnections(WebServerConfig.Builder server, Config http1Node, InboundLimits limits) {
        Http1Config http1 = http1Node.exists() ? Http1Config.create(http1Node) : Http1Config.create();
        if (guard != null) {
            guard.close();
        }
        guard = new ConnectionGuard(limits, metrics::connectionClosed, metrics::bodyBudgetRefused).wrap(http1);
        metrics.inboundConnections(guard::openConnections, guard::bodyBytesHeld);
        server.protocolsDiscoverServices(false)
                .protocols(List.of())
                .connectionSelectors(List.of(guard));
    }

    /**
     * The {@code server} node without its {@code protocols}: Helidon would add its own HTTP/1.1 selector for a
     * configured {@code http_1_1}, next to the guard; the guard reads those settings itself.
     */
    private static Config withoutProtocols(Config server) {
        Map<String, String> flat = new java.util.HashMap<>(server.detach().asMap().orElse(Map.of()));
        flat.keySet().removeIf(k -> k.equals("protocols") || k.startsWith("protocols."));
        return Config.just(io.helidon.config.ConfigSources.create(flat));
    }

    /**
     * The routing: event endpoint, explain, OpenAPI, Network as Code endpoints when enabled, JSON 404 for
     * everything else, one error mapping.
     */
    void routing(HttpRouting.Builder routing) {
        Masking masking = Masking.of(config.logging().maskSubscriberIds());
        // one validate+plan path for /process-event and /explain; only the event path holds the WTL client
        EventRules rules = new EventRules(mappings, new EventValidator(), new EventPlanner(masking));
        EventProcessor processor = new EventProcessor(wtlClient, new DeliveryGuard(
                ledger, masking, java.time.Clock.systemUTC(), config.delivery().futureTolerance(),
                metrics::futureCreatedAt), masking);
        EventHandler events = new EventHandler(rules, processor, metrics, config.server().maxBodyBytes(),
                                               config.wtl().eventDeadline(), drain, masking);
        AuthFilter auth = new AuthFilter(apiTokens, () -> metrics.event("unknown", ErrorKind.UNAUTHORIZED.outcome(), 0));
        routing.addFilter(ConnectionGuard::filter)
                .addFilter(new RequestContextFilter(config.logging().accessLog(), masking))
                .register(new EventService(config.server().eventPath(), auth, events));
        // dry runs are not NSPS events: a refused token there is not counted as one
        routing.register(new ExplainService(new AuthFilter(apiTokens, () -> { }), rules, config.server().maxBodyBytes()))
                .register(new OpenApiService());
        // the observers serve GET only; any other method there is the same JSON 405 as on the other paths
        AllowedMethods.refuseAllButGet(routing, "/health");
        AllowedMethods.refuseAllButGet(routing, "/metrics");
        if (nac != null) {
            nac.register(routing, apiTokens, nacTokens);
        }
        ErrorMapper.register(routing);
    }

    private ObserveFeature observe() {
        HealthObserver health = HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .addCheck(() -> HealthCheckResponse.builder().status(true).build(), HealthCheckType.LIVENESS, "process")
                // a refused file change keeps the last good version in force, so the pod stays ready
                .addCheck(this::configurationHealth, HealthCheckType.READINESS, "configuration")
                .addCheck(() -> HealthCheckResponse.builder()
                                  .status(!drain.draining())
                                  .detail("state", drain.draining() ? "shutting down" : "accepting events")
                                  .detail("in_flight", drain.inFlight())
                                  .build(),
                          HealthCheckType.READINESS, "delivery")
                .addCheck(() -> HealthCheckResponse.builder()
                                  // informational: a WTL outage is answered per event (503), not by going unready
                                  .status(true)
                                  .detail("circuit_breaker", switch (wtlClient.breakerState()) {
                                      case 0 -> "closed";
                                      case 1 -> "half-open";
                                      default -> "open";
                                  })
                                  .build(),
                          HealthCheckType.READINESS, "wtl")
                .addCheck(this::stateHealth, HealthCheckType.READINESS, "state")
                .build();
        return ObserveFeature.builder()
                .endpoint("/")
                .addObserver(health)
                .addObserver(metricsSetup.observer())
                .build();
    }

    /**
     * Where the delivery records are kept and, for PostgreSQL, how its last call went. Informational: a store outage
     * is answered per event (503 CONNECTION_ERROR), and a pod gone unready would not answer NSPS better.
     */
    private HealthCheckResponse stateHealth() {
        HealthCheckResponse.Builder health = HealthCheckResponse.builder().status(true);
        if (store == null) {
            health.detail("store", StateSettings.Store.MEMORY.wire());
        } else {
            store.health().forEach(health::detail);
        }
        return health.build();
    }

    private HealthCheckResponse configurationHealth() {
        HealthCheckResponse.Builder health = HealthCheckResponse.builder()
                .status(true)
                .detail("event_types_mapped", mappings.get().events().size());
        for (LiveFile<?> file : watcher.liveFiles()) {
            List<String> problems = file.problems();
            health.detail(file.name(), problems.isEmpty() ? "in force" : "rejected, last good version in force: "
                    + String.join("; ", problems));
        }
        if (watcher.restartPending()) {
            health.detail("application", "changed since start: restart to apply");
        }
        return health.build();
    }

    /** Checks the watched configuration files now instead of at the next poll. */
    public void checkConfigurationNow() {
        watcher.checkNow();
    }

    /** The mappings in force. */
    public Mappings mappings() {
        return mappings.get();
    }

    private static <T> Supplier<T> constant(T value) {
        return () -> value;
    }

    private static DirectHandlers directHandlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        JsonDirectHandler handler = new JsonDirectHandler();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    /** The connection guard of the server configured last (null before {@link #configure}). */
    public ConnectionGuard connectionGuard() {
        return guard;
    }

    /** The configuration in force (with the simulator's URL when it runs). */
    public ConnectorConfig config() {
        return config;
    }

    /** The embedded simulator's port, if it runs. */
    public Optional<Integer> simulatorPort() {
        return Optional.ofNullable(simulator).map(WebServer::port);
    }

    /**
     * Stops the connector gracefully: readiness goes DOWN and new events are answered 503, the events in flight
     * get up to {@code connector.delivery.shutdown-grace-period} to finish, then the server stops and the
     * connector closes.
     *
     * @param server the connector's server
     * @return true if every event in flight was answered within the grace period
     */
    public boolean shutdown(WebServer server) {
        if (guard != null) {
            // uploads that are not events in processing, and idle keep-alives, do not hold the drain
            guard.closeStalled();
        }
        boolean drained = drain.drain(config.delivery().shutdownGrace());
        server.stop();
        close();
        LOG.info("nsps-connector stopped", kv("drained", drained));
        return drained;
    }

    @Override
    public void close() {
        watcher.close();
        wtlClient.close();
        if (guard != null) {
            guard.close();
        }
        if (simulator != null) {
            simulator.stop();
        }
        if (store != null) {
            store.close();
        }
    }

    private static ConnectorConfig withWtlUrl(ConnectorConfig c, URI url) {
        WtlSettings w = c.wtl();
        return new ConnectorConfig(c.configDir(), c.server(),
                                   new WtlSettings(url, w.token(), w.connectTimeout(), w.attemptTimeout(),
                                                   w.eventDeadline(), w.retry(), w.breaker(), w.bulkhead(),
                                                   w.treatAsSuccess(), w.client()),
                                   c.simulator(), c.logging(), c.reload(), c.nac(), c.delivery(), c.state());
    }
}
