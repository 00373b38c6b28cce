package io.nspsconnector.config;

import java.util.List;
import java.util.TreeSet;

/** Configuration that cannot be used, with every problem found, each naming its key. */
public final class InvalidConfigException extends RuntimeException {

    private final List<Problem> details;

    /**
     * @param source   file or source that was read
     * @param problems one line per problem, each starting with the key
     */
    public InvalidConfigException(String source, List<String> problems) {
        this(problems.stream().map(p -> Problem.error("", p)).toList(), source);
    }

    /**
     * @param details the problems (sorted and de-duplicated here)
     * @param source  file or source that was read
     */
    public InvalidConfigException(List<Problem> details, String source) {
        super(source + ": " + String.join("; ", new TreeSet<>(details).stream().map(Problem::toString).toList()));
        this.details = List.copyOf(new TreeSet<>(details));
    }

    /** The problems, one line each ({@code key: message}). */
    public List<String> problems() {
        return details.stream().map(Problem::toString).toList();
    }

    /** The problems with their severity and key. */
    public List<Problem> details() {
        return details;
    }
}
