package io.nspsconnector;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.nspsconnector.cli.AotTrainingCommand;
import io.nspsconnector.cli.ExplainCommand;
import io.nspsconnector.cli.MigrateCommand;
import io.nspsconnector.cli.ValidateConfigCommand;
import io.nspsconnector.config.ConnectorConfig;
import io.nspsconnector.config.InvalidConfigException;
import io.nspsconnector.logging.Logs;
import io.nspsconnector.metrics.MetricsSetup;
import io.nspsconnector.simulator.SimulatorStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Starts nsps-connector: {@code java -jar nsps-connector.jar [--simulator]}. Reads {@code $CONFIG_DIR}
 * (default {@code ./config}) and the environment; on invalid configuration prints every problem and exits 2.
 * A first argument naming a sub-command ({@code explain}) runs that command instead of the server.
 */
public final class Main {

    private static final String USAGE = """
            usage: java -jar nsps-connector.jar [--simulator]
                   java -jar nsps-connector.jar validate-config DIR|MAPPINGS_FILE
                   java -jar nsps-connector.jar explain EVENT.json [--config DIR]
                   java -jar nsps-connector.jar migrate
              --simulator      also start the embedded WTL simulator and provision it (ignored when WTL_API_URL is set)
              validate-config  check a config directory or a mappings file, then exit (0 valid, 1 invalid)
              explain          print what the connector would do with an event, offline (explain --help for more)
              migrate          apply the PostgreSQL state store's schema migrations, then exit (0 done, 1 not)
              aot-training     a short self-test run that the build uses to make the JDK's AOT cache (fast start)
            configuration: $CONFIG_DIR/application.yaml and mappings.yaml (default ./config), environment variables""";

    /** The port when application.yaml names none (the shipped file's). */
    private static final String DEFAULT_PORT = "8000";

    private Main() {
    }

    /**
     * @param args command line
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("validate-config")) {
            System.exit(new ValidateConfigCommand(System.getenv(), System.out)
                                .run(List.of(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals(AotTrainingCommand.NAME)) {
            System.exit(AotTrainingCommand.run(Path.of(System.getenv().getOrDefault("CONFIG_DIR", "config"))));
        }
        if (args.length > 0 && args[0].equals(MigrateCommand.NAME)) {
            LoggerFactory.getILoggerFactory();
            Logs.bridgeJul();
            int status = new MigrateCommand(System.getenv(), System.out).run(List.of(args).subList(1, args.length));
            Logs.stop();
            System.exit(status);
        }
        if (args.length > 0 && args[0].equals(ExplainCommand.NAME)) {
            ExplainCommand.main(List.of(args).subList(1, args.length));
            return;
        }
        boolean simulator = false;
        for (String arg : args) {
            if (arg.equals("--simulator")) {
                simulator = true;
            } else {
                System.err.println("unknown argument: " + arg);
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        // Logging is set up before anything can log: SLF4J hands out stand-in loggers while it initialises and
        // replays what they caught with a warning on stderr, so a set-up in parallel with Helidon's start (which
        // logs through java.util.logging, bridged to SLF4J) could print "replayed" warnings.
        LoggerFactory.getILoggerFactory();
        Logs.bridgeJul();
        Map<String, String> env = System.getenv();
        Path configDir = Path.of(env.getOrDefault("CONFIG_DIR", "config"));
        try {
            Config root = loadConfig(configDir);
            ConnectorConfig config = ConnectorConfig.from(root, env, configDir, simulator);
            Logs.level(config.logging().level());
            boolean simulatorAsked = simulator || Boolean.parseBoolean(env.get("WTL_SIMULATOR_ENABLED"));
            if (simulatorAsked && !config.simulator().enabled()) {
                log().warn("WTL simulator not started: a WTL URL is configured, events go to the real WTL");
            }
            Connector connector = Connector.create(config, env, MetricsSetup.Settings.from(root));
            WebServer server = connector.configure(WebServer.builder(), root).build().start();
            // SIGTERM (Kubernetes stopping the pod): not ready, finish the events in flight, then exit
            // The exit status says how the stop went: 0 when every event in flight was answered, 1 when the grace
            // period cut some off (instead of the JVM's 143 for a SIGTERM either way). Logging is flushed first.
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                boolean drained = connector.shutdown(server);
                Logs.stop();
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(drained ? 0 : 1);
            }));
            log().info("nsps-connector ready",
                     kv("port", server.port()),
                     kv("event_path", connector.config().server().eventPath()),
                     kv("wtl_url", connector.config().wtl().provUri().toString()),
                     kv("api_tokens", connector.config().server().apiTokens().size()),
                     kv("simulator", connector.simulatorPort().isPresent()),
                     kv("nac_notifications", connector.config().nac().enabled() ? connector.config().nac().path() : "off"));
        } catch (InvalidConfigException e) {
            System.err.println("nsps-connector: invalid configuration");
            e.problems().forEach(p -> System.err.println("  - " + p));
            log().error("Invalid configuration", kv("problems", e.problems()));
            System.exit(2);
        } catch (SimulatorStartException e) {
            // asked for, configured, but unusable: a setting to change, like an invalid configuration
            System.err.println("nsps-connector: could not start: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            // e.g. the port is taken: say so plainly instead of dying with a bare stack trace
            System.err.println("nsps-connector: could not start: " + e.getMessage());
            log().error("Could not start", e);
            System.exit(1);
        }
    }

    /** System properties, then {@code overrides}, then the environment, then the file. */
    private static Config build(Path file, Map<String, String> overrides) {
        Config.Builder builder = Config.builder().disableEnvironmentVariablesSource();
        if (!overrides.isEmpty()) {
            builder.addSource(ConfigSources.create(overrides).name("service-link guard"));
        }
        return builder.addSource(ConfigSources.environmentVariables())
                .addSource(ConfigSources.file(file).optional(true))
                .build();
    }

    /** Main's logger, looked up when first needed so that loading this class does not wait for logging. */
    private static Logger log() {
        return LoggerFactory.getLogger(Main.class);
    }

    /**
     * The configuration tree: {@code application.yaml} from the config directory, overridden by system
     * properties and environment variables in Helidon's mapping (e.g. {@code SERVER_PORT}). A {@code server.port}
     * that the environment sets to something not a number is ignored and the file's port stays in force: that is a
     * variable Kubernetes injects for a Service named {@code server} in the namespace (a service link:
     * {@code SERVER_PORT=tcp://10.96.0.12:80}), not a port, and the connector would otherwise refuse to start.
     *
     * @param configDir directory holding {@code application.yaml}
     * @return the tree
     * @throws InvalidConfigException if the file is not valid YAML
     */
    public static Config loadConfig(Path configDir) {
        Path file = configDir.resolve("application.yaml");
        try {
            Config config = build(file, Map.of());
            String port = config.get("server.port").asString().orElse(DEFAULT_PORT);
            if (!port.strip().matches("[0-9]+")) {
                Config fileOnly = Config.builder()
                        .disableEnvironmentVariablesSource()
                        .disableSystemPropertiesSource()
                        .addSource(ConfigSources.file(file).optional(true))
                        .build();
                String filePort = fileOnly.get("server.port").asString().orElse(DEFAULT_PORT);
                if (!filePort.equals(port)) {
                    config = build(file, Map.of("server.port", filePort));
                }
            }
            config.traverse().count();
            return config;
        } catch (ConfigException e) {
            throw new InvalidConfigException(file.toString(), List.of("not valid YAML: " + e.getMessage()));
        }
    }
}
