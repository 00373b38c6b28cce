package io.nspsconnector.config;

import java.util.List;

/** Configuration that cannot be used, with every problem found, each naming its key. */
public final class InvalidConfigException extends RuntimeException {

    private final List<String> problems;

    /**
     * @param source   file or source that was read
     * @param problems one line per problem, each starting with the key
     */
    public InvalidConfigException(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one per line. */
    public List<String> problems() {
        return problems;
    }
}
