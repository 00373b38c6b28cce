package io.nspsconnector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads tokens from values and files (Kubernetes Secrets mounted as volumes). Never logs a token. */
public final class Secrets {

    private Secrets() {
    }

    /**
     * Splits a comma- or newline-separated list of tokens, dropping blanks and surrounding whitespace.
     *
     * @param value raw value, may be null
     * @return the tokens in order
     */
    public static List<String> split(String value) {
        List<String> tokens = new ArrayList<>();
        if (value == null) {
            return tokens;
        }
        for (String part : value.split("[,\\r\\n]")) {
            String token = part.strip();
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    /**
     * The tokens in a token file's content.
     *
     * @param content file bytes (UTF-8)
     * @param source  file name, for messages
     * @return the tokens, at least one
     * @throws InvalidConfigException if the content holds no token
     */
    public static List<String> parse(byte[] content, String source) {
        List<String> tokens = split(new String(content, StandardCharsets.UTF_8));
        if (tokens.isEmpty()) {
            throw new InvalidConfigException(source, List.of(source + ": holds no token"));
        }
        return tokens;
    }

    /**
     * Reads the tokens in a file: one or several, separated by commas or new lines.
     *
     * @param file the file
     * @param key  configuration key or variable that named the file, for messages
     * @return the tokens
     * @throws InvalidConfigException if the file cannot be read or holds no token
     */
    public static List<String> readFile(Path file, String key) {
        try {
            List<String> tokens = split(Files.readString(file, StandardCharsets.UTF_8));
            if (tokens.isEmpty()) {
                throw new InvalidConfigException(key, List.of(key + ": file " + file + " holds no token"));
            }
            return tokens;
        } catch (IOException e) {
            throw new InvalidConfigException(key, List.of(key + ": cannot read " + file + " ("
                                                            + e.getClass().getSimpleName() + ")"));
        }
    }
}
