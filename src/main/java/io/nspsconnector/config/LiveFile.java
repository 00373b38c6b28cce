package io.nspsconnector.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A mounted file whose parsed content the service uses while it runs, such as {@code mappings.yaml} or a token
 * file from a Secret.
 * <p>
 * {@link #check()} reads the file whole, and when its bytes differ from the last ones seen, parses them: a good
 * file replaces the value in force in one atomic step (a reader gets the old or the new value, never a mix); a bad
 * one is reported and the last good value stays. Reading follows symlinks, so the kubelet's {@code ..data}
 * symlink swap is seen as one change. Not thread-safe for concurrent {@code check()} calls: one watcher drives it.
 *
 * @param <T> parsed content
 */
public final class LiveFile<T> implements Supplier<T> {

    /**
     * Turns the file's bytes into the value used, or refuses them.
     *
     * @param <T> parsed content
     */
    @FunctionalInterface
    public interface Parser<T> {
        /**
         * @param content the file's bytes, read once
         * @param source  the file, for messages
         * @return the value
         * @throws InvalidConfigException listing what is wrong
         */
        T parse(byte[] content, String source);
    }

    /** What a check found. */
    public enum Change {
        /** Same bytes as last time. */
        NONE,
        /** New content, now in force. */
        APPLIED,
        /** New content (or an unreadable file) refused; the last good value stays. */
        REJECTED
    }

    private final String name;
    private final Path path;
    private final Parser<T> parser;
    private final AtomicReference<T> current;
    private volatile List<String> problems = List.of();
    private byte[] lastDigest;

    private LiveFile(String name, Path path, Parser<T> parser, T initial, byte[] digest) {
        this.name = name;
        this.path = path;
        this.parser = parser;
        this.current = new AtomicReference<>(initial);
        this.lastDigest = digest;
    }

    /**
     * Reads and parses the file for the first time.
     *
     * @param name   short name for logs and metrics, e.g. {@code mappings}
     * @param path   the file
     * @param parser how to read it
     * @param <T>    parsed content
     * @return the live file, holding the parsed value
     * @throws InvalidConfigException if the file cannot be read or parsed (at start-up there is no last good value)
     */
    public static <T> LiveFile<T> load(String name, Path path, Parser<T> parser) {
        byte[] content = read(path);
        T value = parser.parse(content, path.toString());
        return new LiveFile<>(name, path, parser, value, digest(content));
    }

    /**
     * Reads the file again and applies it if it changed and is valid.
     *
     * @return what happened
     */
    public Change check() {
        byte[] content;
        try {
            content = read(path);
        } catch (InvalidConfigException e) {
            // unreadable (e.g. the key was removed from the ConfigMap): keep the value, report once
            boolean reported = lastDigest == null && e.problems().equals(problems);
            lastDigest = null;
            problems = List.copyOf(e.problems());
            return reported ? Change.NONE : Change.REJECTED;
        }
        byte[] digest = digest(content);
        if (lastDigest != null && MessageDigest.isEqual(digest, lastDigest)) {
            return Change.NONE;
        }
        lastDigest = digest;
        try {
            T value = parser.parse(content, path.toString());
            current.set(value);
            problems = List.of();
            return Change.APPLIED;
        } catch (InvalidConfigException e) {
            problems = List.copyOf(e.problems());
            return Change.REJECTED;
        }
    }

    /** The value in force: the last good content of the file. */
    @Override
    public T get() {
        return current.get();
    }

    /** Why the file as it is now on disk is not in force; empty when it is. */
    public List<String> problems() {
        return problems;
    }

    /** Short name, e.g. {@code mappings}. */
    public String name() {
        return name;
    }

    /** The file watched. */
    public Path path() {
        return path;
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException(path.toString(), List.of(path + ": file not found"));
        } catch (IOException e) {
            throw new InvalidConfigException(path.toString(), List.of(path + ": cannot read it ("
                                                                        + e.getClass().getSimpleName() + ")"));
        }
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
