package io.nspsconnector.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.nspsconnector.Main;
import io.nspsconnector.config.ConnectorConfig;
import io.nspsconnector.config.InvalidConfigException;
import io.nspsconnector.config.MappingsLoader;
import io.nspsconnector.config.Problem;
import io.nspsconnector.nsps.ImsiFilter;
import io.nspsconnector.nsps.Mappings;

/**
 * {@code validate-config DIR|MAPPINGS_FILE}: checks configuration before an operator applies it, with the same code
 * the service uses at start-up and on reload. Prints one verdict per file and every problem; exit code 0 when all is
 * valid, 1 when something is not, 2 on a usage error.
 * <p>
 * Settings that normally come from the pod's environment or Secret (API, WTL and Network as Code tokens, WTL URL) are reported as
 * notes when the files do not set them, not as errors: the files alone cannot know them.
 */
public final class ValidateConfigCommand {

    /** Exit code when everything checked is valid. */
    public static final int VALID = 0;
    /** Exit code when a file is invalid. */
    public static final int INVALID = 1;
    /** Exit code for a wrong command line. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: java -jar nsps-connector.jar validate-config DIR|MAPPINGS_FILE
              DIR            a config directory: application.yaml (optional) and mappings.yaml
              MAPPINGS_FILE  a single mappings file
            The environment is applied as the service applies it (e.g. WTL_IMSI_REGEXP, WTL_DEFAULT_CS_PROFILE).
            Exit code: 0 valid, 1 invalid, 2 usage error.""";

    private final Map<String, String> env;
    private final PrintStream out;

    /**
     * @param env environment applied to the files, as in the service
     * @param out where verdicts go
     */
    public ValidateConfigCommand(Map<String, String> env, PrintStream out) {
        this.env = Map.copyOf(env);
        this.out = out;
    }

    /**
     * @param args arguments after {@code validate-config}
     * @return exit code
     */
    public int run(List<String> args) {
        if (args.size() != 1 || args.getFirst().startsWith("-")) {
            out.println(USAGE_TEXT);
            return USAGE;
        }
        Path target = Path.of(args.getFirst());
        if (Files.isDirectory(target)) {
            boolean application = checkApplication(target);
            boolean mappings = checkMappings(target.resolve(MappingsLoader.FILE_NAME));
            return application && mappings ? VALID : INVALID;
        }
        if (Files.exists(target)) {
            return checkMappings(target) ? VALID : INVALID;
        }
        out.println("INVALID " + target + ": no such file or directory");
        return INVALID;
    }

    private boolean checkApplication(Path dir) {
        Path file = dir.resolve("application.yaml");
        if (!Files.exists(file)) {
            out.println("OK      " + file + ": absent, defaults apply");
            return true;
        }
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try {
            for (Problem problem : ConnectorConfig.check(Main.loadConfig(dir), env, dir)) {
                (problem.isError() ? problems : notes).add(problem.toString());
            }
        } catch (InvalidConfigException e) {
            problems.addAll(e.problems());
        } catch (RuntimeException e) {
            // never a stack trace: whatever could not be read is a problem of the file
            problems.add("cannot be read: " + e);
        }
        return verdict(file, problems, "settings valid", notes);
    }

    private boolean checkMappings(Path file) {
        try {
            Mappings mappings = new MappingsLoader(env).load(file);
            boolean valid = verdict(file, List.of(), mappings.events().size() + " event type(s) mapped: "
                    + String.join(", ", new TreeSet<>(mappings.events().keySet())), List.of());
            String key = env.containsKey("WTL_IMSI_REGEXP") ? "WTL_IMSI_REGEXP" : "imsi-filter";
            mappings.imsiFilter().ifPresent(p -> ImsiFilter.warnings(p.pattern()).forEach(
                    w -> out.println("  warning (" + w.severity() + ") " + key + ": " + w.text())));
            return valid;
        } catch (InvalidConfigException e) {
            return verdict(file, e.problems(), "", List.of());
        } catch (RuntimeException e) {
            return verdict(file, List.of("cannot be read: " + e), "", List.of());
        }
    }

    private boolean verdict(Path file, List<String> problems, String summary, List<String> notes) {
        if (problems.isEmpty()) {
            out.println("OK      " + file + ": " + summary);
        } else {
            out.println("INVALID " + file + ":");
            problems.forEach(p -> out.println("  - " + p));
        }
        notes.forEach(n -> out.println("  note: not set in the files, the pod must provide it: " + n));
        return problems.isEmpty();
    }
}
