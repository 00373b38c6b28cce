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
     * @throws InvalidConfigException if the content holds no token, or a token that is not printable ASCII
     */
    public static List<String> parse(byte[] content, String source) {
        List<String> tokens = split(new String(content, StandardCharsets.UTF_8));
        if (tokens.isEmpty()) {
            throw new InvalidConfigException(source, List.of(source + ": holds no token"));
        }
        if (!tokens.stream().allMatch(Secrets::printable)) {
            throw new InvalidConfigException(source, List.of(source + ": " + UNPRINTABLE));
        }
        return tokens;
    }

    private static final String UNPRINTABLE = "holds a token with control, non-ASCII or NUL characters "
            + "(a token is printable ASCII; was a binary or wrongly encoded file mounted?)";

    /** Whether a token is printable ASCII, as an HTTP header value that every peer reads alike. */
    static boolean printable(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the tokens in a file: one or several, separated by commas or new lines.
     *
     * @param file the file
     * @param key  configuration key or variable that named the file, for messages
     * @return the tokens
     * @throws InvalidConfigException if the file cannot be read, holds no token, or a token that is not printable
     *                                ASCII
     */
    public static List<String> readFile(Path file, String key) {
        try {
            List<String> tokens = split(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            if (tokens.isEmpty()) {
                throw new InvalidConfigException(key, List.of(key + ": file " + file + " holds no token"));
            }
            if (!tokens.stream().allMatch(Secrets::printable)) {
                throw new InvalidConfigException(key, List.of(key + ": file " + file + " " + UNPRINTABLE));
            }
            return tokens;
        } catch (IOException e) {
            throw new InvalidConfigException(key, List.of(key + ": cannot read " + file + " ("
                                                            + e.getClass().getSimpleName() + ")"));
        }
    }
}
