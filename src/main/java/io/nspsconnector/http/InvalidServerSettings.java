package io.nspsconnector.http;

import java.util.List;

/**
 * Server settings that cannot be used although every value is well-formed: TLS files that hold no usable key or
 * certificate, found only when the server is built. The start-up turns it into the invalid-configuration exit;
 * {@code http} does not depend on the configuration package.
 */
public final class InvalidServerSettings extends RuntimeException {

    private final String source;
    private final List<String> problems;

    /**
     * @param source   what holds the settings, e.g. {@code application.yaml}
     * @param problems one line per problem, each naming its key
     */
    public InvalidServerSettings(String source, List<String> problems) {
        super(source + ": " + String.join("; ", problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** What holds the settings. */
    public String source() {
        return source;
    }

    /** One line per problem. */
    public List<String> problems() {
        return problems;
    }
}
