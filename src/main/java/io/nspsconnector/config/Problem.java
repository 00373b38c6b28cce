package io.nspsconnector.config;

import java.util.Objects;

/**
 * One finding about the configuration, naming the key it is about.
 *
 * @param severity how bad it is: an {@link Severity#ERROR} stops the service, the others are shown only
 * @param key      the full key ({@code connector.wtl.retry.attempts}), the environment variable, or empty when the
 *                 finding is about the whole file
 * @param message  what is wrong and what is expected
 */
public record Problem(Severity severity, String key, String message) implements Comparable<Problem> {

    /** How bad a problem is. */
    public enum Severity {
        /** The configuration cannot be used: the service refuses to start, {@code validate-config} fails. */
        ERROR,
        /** Usable, but probably not what was meant. */
        WARNING,
        /** Information, e.g. a setting the pod provides from its environment rather than from the files. */
        NOTE
    }

    /** Checks its parts. */
    public Problem {
        Objects.requireNonNull(severity, "severity");
        key = key == null ? "" : key;
        Objects.requireNonNull(message, "message");
    }

    /**
     * @param key     full key
     * @param message what is wrong
     * @return an error
     */
    public static Problem error(String key, String message) {
        return new Problem(Severity.ERROR, key, message);
    }

    /** Whether this problem stops the service. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code key: message}, or only the message when there is no key. */
    @Override
    public String toString() {
        return key.isEmpty() ? message : key + ": " + message;
    }

    @Override
    public int compareTo(Problem other) {
        return toString().compareTo(other.toString());
    }
}
