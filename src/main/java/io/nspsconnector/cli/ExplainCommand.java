package io.nspsconnector.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.nspsconnector.config.InvalidConfigException;
import io.nspsconnector.config.MappingsLoader;
import io.nspsconnector.http.Explanation;
import io.nspsconnector.logging.Logs;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.nsps.EventPlanner;
import io.nspsconnector.nsps.EventRules;
import io.nspsconnector.nsps.EventValidator;
import io.nspsconnector.nsps.Mappings;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;

/**
 * {@code java -jar nsps-connector.jar explain EVENT.json [--config DIR]}: what the connector would do with an
 * event under the mappings in a directory, before they are applied. Offline: no server, no WTL. Prints the same
 * JSON as {@code POST /explain} (indented) on stdout; logs, if any, go to stderr.
 * <p>
 * Exit codes: 0 processed or ignored, 1 invalid event, 2 usage, unreadable file or invalid mappings.
 */
public final class ExplainCommand {

    /** The sub-command's name on the command line. */
    public static final String NAME = "explain";
    /** Exit code of an event {@code /process-event} would refuse with 422. */
    public static final int INVALID_EVENT = 1;
    /** Exit code of a usage or configuration problem. */
    public static final int USAGE = 2;

    private static final String HELP = """
            usage: java -jar nsps-connector.jar explain EVENT.json [--config DIR]
              EVENT.json     an NSPS event body ('-' reads standard input)
              --config DIR   directory holding mappings.yaml (default $CONFIG_DIR, else ./config)
            prints the decision as JSON; exit 0 processed or ignored, 1 invalid event, 2 usage or configuration.
            WTL_DEFAULT_CS_PROFILE, WTL_DEFAULT_EPS_PROFILE and WTL_IMSI_REGEXP override the file as in the service.""";

    private ExplainCommand() {
    }

    /**
     * Entry point from {@link io.nspsconnector.Main}: keeps stdout for the JSON, then exits with the code.
     *
     * @param args arguments after {@code explain}
     */
    public static void main(List<String> args) {
        Logs.toStderr();
        System.exit(run(args, System.getenv(), System.in, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param args  arguments after {@code explain}
     * @param env   environment (for {@code CONFIG_DIR} and the mapping overrides)
     * @param stdin read for the event file {@code -}
     * @param out   where the JSON goes
     * @param err   where problems go
     * @return exit code
     */
    public static int run(List<String> args, Map<String, String> env, InputStream stdin, PrintStream out,
                          PrintStream err) {
        String eventFile = null;
        Path configDir = Path.of(env.getOrDefault("CONFIG_DIR", "config"));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--config") && i + 1 < args.size()) {
                configDir = Path.of(args.get(++i));
            } else if (arg.startsWith("--config=")) {
                configDir = Path.of(arg.substring("--config=".length()));
            } else if (arg.equals("-h") || arg.equals("--help")) {
                out.println(HELP);
                return 0;
            } else if (eventFile == null && (arg.equals("-") || !arg.startsWith("-"))) {
                eventFile = arg;
            } else {
                err.println("explain: unexpected argument: " + arg);
                err.println(HELP);
                return USAGE;
            }
        }
        if (eventFile == null) {
            err.println("explain: no event file given");
            err.println(HELP);
            return USAGE;
        }
        byte[] body;
        try {
            body = eventFile.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(eventFile));
        } catch (IOException e) {
            err.println("explain: cannot read " + eventFile + ": " + e.getMessage());
            return USAGE;
        }
        Mappings mappings;
        try {
            mappings = new MappingsLoader(env).load(configDir.resolve(MappingsLoader.FILE_NAME));
        } catch (InvalidConfigException e) {
            err.println("explain: invalid mappings");
            e.problems().forEach(p -> err.println("  - " + p));
            return USAGE;
        }
        // the service's decision path with these mappings; the masking only affects log texts
        EventRules rules = new EventRules(() -> mappings, new EventValidator(), new EventPlanner(Masking.of(true)));
        Explanation explanation = Explanation.of(rules, body);
        out.println(indent(explanation.toJson()));
        out.flush();
        return explanation.isInvalid() ? INVALID_EVENT : 0;
    }

    private static String indent(String json) {
        StringWriter text = new StringWriter();
        try (JsonReader reader = Json.createReader(new StringReader(json));
             JsonWriter writer = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                     .createWriter(text)) {
            writer.write(reader.readValue());
        }
        return text.toString().strip();
    }
}
