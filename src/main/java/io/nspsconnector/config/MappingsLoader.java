package io.nspsconnector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;

import io.nspsconnector.nsps.Mappings;
import io.nspsconnector.nsps.Operation;
import io.nspsconnector.wtl.SubscriberStatus;
import io.nspsconnector.wtl.WtlAction;
import io.nspsconnector.wtl.WtlRequest;

/**
 * Reads {@code mappings.yaml} into {@link Mappings}, checking everything and reporting every problem with its key.
 * The reference connector's variables {@code WTL_DEFAULT_CS_PROFILE}, {@code WTL_DEFAULT_EPS_PROFILE} and
 * {@code WTL_IMSI_REGEXP} override the file.
 */
public final class MappingsLoader {

    /** File name inside the config directory. */
    public static final String FILE_NAME = "mappings.yaml";

    private static final Set<String> OPERATION_KEYS = Set.of("source", "action", "subscriber-status", "msisdn");

    private final Map<String, String> env;

    /**
     * @param env environment variables (the process environment in production)
     */
    public MappingsLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /**
     * Loads and checks a mappings file.
     *
     * @param file path to {@code mappings.yaml}
     * @return the rules
     * @throws InvalidConfigException listing every problem
     */
    public Mappings load(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException(file.toString(), List.of("file not found (set CONFIG_DIR to the directory "
                                                                         + "holding " + FILE_NAME + ")"));
        } catch (IOException e) {
            throw new InvalidConfigException(file.toString(), List.of("cannot read it (" + e.getClass().getSimpleName()
                                                                         + ")"));
        }
        return parse(content, file.toString());
    }

    /**
     * Checks the content of a mappings file, as read once (so that what was checked is exactly what was read).
     *
     * @param content file content (UTF-8 YAML)
     * @param source  name used in messages
     * @return the rules
     * @throws InvalidConfigException listing every problem
     */
    public Mappings parse(byte[] content, String source) {
        Config config;
        try {
            config = Config.just(ConfigSources.create(new String(content, StandardCharsets.UTF_8),
                                                      MediaTypes.APPLICATION_X_YAML));
            config.traverse().count();
        } catch (ConfigException e) {
            throw new InvalidConfigException(source, List.of("not valid YAML: " + rootCause(e)));
        }
        return read(config, source);
    }

    /**
     * Checks mappings given as a config tree (for tests and tools).
     *
     * @param config root of the mappings tree
     * @param source name used in messages
     * @return the rules
     */
    public Mappings read(Config config, String source) {
        List<String> problems = new ArrayList<>();
        unknownKeys(config, problems);
        try {
            return read(config, source, problems);
        } catch (InvalidConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            // a value of a type no check above expected: still a listed problem, never a stack trace
            problems.add("cannot be read: " + rootCause(e));
            throw new InvalidConfigException(source, problems);
        }
    }

    /** Keys allowed in the file, by parent ({@code ""} is the top level); below {@code events} other rules apply. */
    private static final Map<String, List<String>> KEYS = Map.of(
            "", List.of("events", "profiles", "imsi-filter", "msisdn", "open-bill-statuses"),
            "profiles", List.of("cs_profile", "eps_profile"),
            "profiles.cs_profile", List.of("attribute", "default"),
            "profiles.eps_profile", List.of("attribute", "default"),
            "msisdn", List.of("source", "account-id-suffix"));

    private static void unknownKeys(Config config, List<String> problems) {
        KEYS.forEach((parent, allowed) -> {
            Config node = parent.isEmpty() ? config : config.get(parent);
            if (node.type() != Config.Type.OBJECT) {
                return;
            }
            for (Config child : node.asNodeList().orElse(List.of())) {
                if (!allowed.contains(child.name())) {
                    String key = (parent.isEmpty() ? "" : parent + ".") + child.name();
                    problems.add(key + ": unknown key" + SettingsReader.didYouMean(child.name(), allowed)
                            .map(m -> " (did you mean " + (parent.isEmpty() ? "" : parent + ".") + m + "?)")
                            .orElse(" (allowed: " + String.join(", ", allowed) + ")"));
                }
            }
        });
    }

    private Mappings read(Config config, String source, List<String> problems) {
        Map<String, List<Operation>> events = events(config.get("events"), problems);
        Mappings.ProfileRule cs = profile(config.get("profiles.cs_profile"), "cs_profile",
                                          "WTL_DEFAULT_CS_PROFILE", problems);
        Mappings.ProfileRule eps = profile(config.get("profiles.eps_profile"), "eps_profile",
                                           "WTL_DEFAULT_EPS_PROFILE", problems);
        Optional<Pattern> filter = imsiFilter(config.get("imsi-filter"), problems);
        Mappings.MsisdnSource msisdnSource = Mappings.MsisdnSource.ACCOUNT_ID;
        try {
            msisdnSource = Mappings.MsisdnSource.parse(config.get("msisdn.source").asString().orElse("account_id"));
        } catch (IllegalArgumentException e) {
            problems.add("msisdn.source: " + e.getMessage());
        }
        String suffix = config.get("msisdn.account-id-suffix").asString().orElse("@msisdn");
        if (suffix.isEmpty()) {
            problems.add("msisdn.account-id-suffix: must not be empty");
        }
        Set<String> open = new LinkedHashSet<>(config.get("open-bill-statuses").asList(String.class)
                                                       .orElse(List.of("open", "active")));
        if (open.isEmpty()) {
            problems.add("open-bill-statuses: must list at least one status (the reference uses [open])");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(source, problems);
        }
        return new Mappings(events, cs, eps, filter, msisdnSource, suffix, open);
    }

    private static Map<String, List<Operation>> events(Config node, List<String> problems) {
        Map<String, List<Operation>> events = new LinkedHashMap<>();
        if (!node.exists()) {
            problems.add("events: missing (map each event type to its WTL action(s); an empty map ignores all events)");
            return events;
        }
        if (node.type() != Config.Type.OBJECT) {
            if (node.type() == Config.Type.VALUE && node.asString().orElse("").isBlank()) {
                return events;
            }
            problems.add("events: must be a map of event type to action(s)");
            return events;
        }
        for (Config type : node.asNodeList().orElse(List.of())) {
            String key = "events." + type.name();
            List<Operation> operations = new ArrayList<>();
            if (type.type() == Config.Type.VALUE) {
                operation(type, key, problems).ifPresent(operations::add);
            } else if (type.type() == Config.Type.LIST) {
                List<Config> items = type.asNodeList().orElse(List.of());
                for (int i = 0; i < items.size(); i++) {
                    operation(items.get(i), key + "[" + i + "]", problems).ifPresent(operations::add);
                }
            } else {
                problems.add(key + ": must be an action name or a list of operations");
            }
            if (operations.isEmpty() && type.type() == Config.Type.LIST) {
                problems.add(key + ": lists no operation");
            }
            events.put(type.name(), operations);
        }
        return events;
    }

    private static Optional<Operation> operation(Config node, String key, List<String> problems) {
        try {
            if (node.type() == Config.Type.VALUE) {
                return Optional.of(Operation.onCurrentSim(WtlAction.parse(node.asString().get())));
            }
            if (node.type() != Config.Type.OBJECT) {
                problems.add(key + ": must be an action name or an operation {source, action, subscriber-status, msisdn}");
                return Optional.empty();
            }
            for (Config child : node.asNodeList().orElse(List.of())) {
                if (!OPERATION_KEYS.contains(child.name())) {
                    problems.add(key + "." + child.name() + ": unknown key (allowed: " + String.join(", ",
                            new java.util.TreeSet<>(OPERATION_KEYS)) + ")");
                }
            }
            Optional<String> action = node.get("action").asString().asOptional();
            if (action.isEmpty()) {
                problems.add(key + ".action: missing");
                return Optional.empty();
            }
            Operation.SimSource source = Operation.SimSource.parse(node.get("source").asString().orElse("sim_info"));
            Optional<SubscriberStatus> status = node.get("subscriber-status").asString().asOptional()
                    .map(SubscriberStatus::parse);
            String msisdn = node.get("msisdn").asString().orElse("account");
            if (!msisdn.equals("account") && !msisdn.equals("none")) {
                problems.add(key + ".msisdn: must be 'account' (the account's number) or 'none' (empty list)");
                return Optional.empty();
            }
            return Optional.of(new Operation(source, WtlAction.parse(action.get()), status, msisdn.equals("none")));
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private Mappings.ProfileRule profile(Config node, String name, String envName, List<String> problems) {
        String key = "profiles." + name;
        String attribute = node.get("attribute").asString().orElse(name);
        String fallback = Optional.ofNullable(env.get(envName)).filter(v -> !v.isBlank())
                .orElseGet(() -> node.get("default").asString().orElse("default"));
        if (attribute.isBlank()) {
            problems.add(key + ".attribute: must not be empty");
        }
        if (!WtlRequest.PROFILE.matcher(fallback).matches()) {
            String where = env.containsKey(envName) ? envName : key + ".default";
            problems.add(where + ": '" + fallback + "' is not a valid WTL profile name (^[a-zA-Z][-_.a-zA-Z0-9]*$)");
        }
        return new Mappings.ProfileRule(attribute, fallback);
    }

    private Optional<Pattern> imsiFilter(Config node, List<String> problems) {
        String fromEnv = env.get("WTL_IMSI_REGEXP");
        String regex = fromEnv != null ? fromEnv : node.asString().orElse("");
        if (regex.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            String where = fromEnv != null ? "WTL_IMSI_REGEXP" : "imsi-filter";
            problems.add(where + ": not a valid regular expression: " + e.getDescription());
            return Optional.empty();
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        // YAML parser messages span lines with a caret drawing; one line reads better in logs and CLI output
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip().replaceAll("\\s+", " ");
    }
}
