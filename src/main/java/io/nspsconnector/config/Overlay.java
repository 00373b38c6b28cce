package io.nspsconnector.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * The strict reader plus the environment overlay of the reference connector's variables
 * ({@link ConnectorConfig#ENVIRONMENT}), and the choice of severity for settings the pod provides: an error when
 * starting, a note when only the files are checked. One instance reads one configuration, for every capability.
 */
final class Overlay {

    private final SettingsReader settings;
    private final Map<String, String> env;
    private final boolean filesOnly;
    private final List<Problem> fileProblems = new ArrayList<>();

    /**
     * @param root      root of the configuration tree
     * @param env       environment variables
     * @param filesOnly only the files are checked ({@code validate-config}): settings the pod provides are notes
     */
    Overlay(Config root, Map<String, String> env, boolean filesOnly) {
        this.settings = new SettingsReader(root);
        this.env = env;
        this.filesOnly = filesOnly;
    }

    /** The strict reader of the files. */
    SettingsReader settings() {
        return settings;
    }

    /** The environment variables. */
    Map<String, String> env() {
        return env;
    }

    /** Every problem found, of the files and of the token files they name. */
    List<Problem> problems() {
        List<Problem> all = new ArrayList<>(settings.problems());
        all.addAll(fileProblems);
        return all;
    }

    /** A setting normally given by the pod's environment or a mounted Secret is missing or unreadable. */
    void fromEnvironment(String key, String message) {
        settings.problem(filesOnly ? Problem.Severity.NOTE : Problem.Severity.ERROR, key, message);
    }

    /** A TCP port from the variable if set, else from the key. */
    int port(String envName, String key, int fallback) {
        String raw = env.get(envName);
        if (raw == null) {
            return settings.integer(key, fallback, 0, 65535);
        }
        settings.node(key);
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < 0 || value > 65535) {
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
            // listed with the other problems rather than thrown, so that one pass still names them all
            fileProblems.addAll(e.details());
            return List.of();
        }
    }
}
