package io.nspsconnector.delivery;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads NSPS's {@code created_at} (ISO-8601 with an offset, e.g. {@code 2025-03-12T16:47:30.443939+00:00}) once per
 * event. The usual shape is read by a direct scan, several times cheaper than {@link OffsetDateTime#parse}, which
 * showed in the event path's profile; any other text goes to {@code OffsetDateTime.parse}, so the two accept the
 * same inputs and give the same instants (a test compares them).
 */
final class Timestamps {

    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
            1_000_000_000};

    private Timestamps() {
    }

    /**
     * @param text ISO-8601 date-time with an offset
     * @return the instant, or empty when the text is not one
     */
    static Optional<Instant> parse(String text) {
        Instant fast = scan(text);
        if (fast != null) {
            return Optional.of(fast);
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, or null for any other shape or an invalid date. */
    static Instant scan(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            int length = i - start;
            if (length == 0 || length > 9) {
                return null;
            }
            nanos = digits(s, start, length) * POW10[9 - length];
        }
        if (i >= n) {
            return null;
        }
        char sign = s.charAt(i);
        int offset;
        if (sign == 'Z' && i + 1 == n) {
            offset = 0;
        } else if ((sign == '+' || sign == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
            int hours = digits(s, i + 1, 2);
            int minutes = digits(s, i + 4, 2);
            if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59) {
                return null;
            }
            offset = (hours * 3600 + minutes * 60) * (sign == '-' ? -1 : 1);
        } else {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.ofTotalSeconds(offset));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The ASCII digits at {@code [from, from + count)} as a number, or -1. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
