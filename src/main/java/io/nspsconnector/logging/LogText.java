package io.nspsconnector.logging;

/**
 * Bounds text that came from outside (request fields, headers, peers' error texts) before it goes into a log field
 * or message, so that one large request cannot turn into megabytes of log.
 */
public final class LogText {

    /** Most characters of an outside value written to a log line. */
    public static final int MAX_CHARS = 256;

    private LogText() {
    }

    /**
     * The value itself when it has at most {@link #MAX_CHARS} characters, else its first characters followed by a
     * marker of how many were cut: {@code abc...[+1048320 chars]}.
     *
     * @param value text from outside, may be null
     * @return the bounded text (null stays null)
     */
    public static String bound(String value) {
        return bound(value, MAX_CHARS);
    }

    /**
     * Like {@link #bound(String)} with another limit.
     *
     * @param value text, may be null
     * @param max   characters kept at most (a surrogate pair is never split)
     * @return the bounded text
     */
    public static String bound(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int keep = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, keep) + "...[+" + (value.length() - keep) + " chars]";
    }
}
