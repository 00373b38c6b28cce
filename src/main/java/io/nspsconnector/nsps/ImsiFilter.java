package io.nspsconnector.nsps;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs the configured {@code imsi-filter} safely. Java's regex engine backtracks, so a pattern with nested
 * quantifiers such as {@code ^(?:\d+){1,40}$} can take exponential time on a long input. Two bounds keep one event
 * from holding a request thread: the planner passes only IMSIs of at most 15 digits (anything else is invalid
 * before the filter runs), and matching stops after {@link #STEP_BUDGET} character reads, far more than any sane
 * pattern needs on 15 characters, reported as {@link BudgetExceeded}. {@link #warnings} finds the risky shapes
 * so that {@code validate-config} can flag them before they are deployed.
 */
public final class ImsiFilter {

    /** Character reads one match may take (a plain pattern on a 15-digit IMSI needs well under a hundred). */
    public static final long STEP_BUDGET = 200_000;

    private ImsiFilter() {
    }

    /** The pattern needed more than {@link #STEP_BUDGET} steps on one IMSI. */
    public static final class BudgetExceeded extends RuntimeException {
        private BudgetExceeded() {
            super("imsi-filter needed more than " + STEP_BUDGET + " steps on one IMSI (catastrophic backtracking)",
                  null, false, false);
        }
    }

    /**
     * Whether the IMSI contains a match of the filter ({@code find}, as the rules define it).
     *
     * @param filter the pattern
     * @param imsi   the IMSI, already bounded in length by the caller
     * @return whether it matches
     * @throws BudgetExceeded if the match needs more than {@link #STEP_BUDGET} steps
     */
    public static boolean find(Pattern filter, String imsi) {
        return filter.matcher(new Budgeted(imsi, STEP_BUDGET)).find();
    }

    /**
     * A risk found in a pattern.
     *
     * @param severity {@code high} for shapes that can backtrack exponentially
     * @param text     what and where, and how to avoid it
     */
    public record Warning(String severity, String text) {
    }

    /**
     * Warnings about a pattern's shape: a quantified group that itself holds a quantifier (nested quantifiers, the
     * classic cause of exponential backtracking) is {@code high}.
     *
     * @param regex the pattern text
     * @return warnings such as {@code nested quantifier in "(?:\d+){1,40}" ...}; empty when none
     */
    public static List<Warning> warnings(String regex) {
        List<Warning> warnings = new ArrayList<>();
        Deque<int[]> groups = new ArrayDeque<>(); // {start index, holds a quantifier (0/1)}
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                inClass = c != ']';
                continue;
            }
            switch (c) {
            case '[' -> inClass = true;
            case '(' -> groups.push(new int[] {i, 0});
            case ')' -> {
                if (groups.isEmpty()) {
                    continue;
                }
                int[] group = groups.pop();
                int next = i + 1;
                if (group[1] == 1 && repeats(regex, next)) {
                    warnings.add(new Warning("high", "nested quantifier in \""
                            + regex.substring(group[0], quantifierEnd(regex, next))
                            + "\" can take exponential time on a non-matching IMSI (matching is cut off after "
                            + STEP_BUDGET + " steps and the event answered 500); write it without a quantifier "
                            + "inside a repeated group, e.g. ^[0-9]{15}$"));
                }
                if ((group[1] == 1 || quantifierAt(regex, next)) && !groups.isEmpty()) {
                    groups.peek()[1] = 1;
                }
            }
            case '*', '+', '?', '{' -> {
                if (!groups.isEmpty() && (c != '?' || i == 0 || regex.charAt(i - 1) != '(')) {
                    groups.peek()[1] = 1;
                }
            }
            default -> {
            }
            }
        }
        return warnings;
    }

    private static boolean quantifierAt(String regex, int i) {
        return i < regex.length() && "*+?{".indexOf(regex.charAt(i)) >= 0;
    }

    /** A quantifier at {@code i} that repeats more than once ({@code ?} and {@code {0,1}} do not). */
    private static boolean repeats(String regex, int i) {
        if (i >= regex.length()) {
            return false;
        }
        char c = regex.charAt(i);
        if (c == '*' || c == '+') {
            return true;
        }
        if (c != '{') {
            return false;
        }
        int close = regex.indexOf('}', i);
        if (close < 0) {
            return false;
        }
        String[] bounds = regex.substring(i + 1, close).split(",", -1);
        try {
            return bounds.length == 2 ? bounds[1].isBlank() || Integer.parseInt(bounds[1].strip()) > 1
                    : Integer.parseInt(bounds[0].strip()) > 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int quantifierEnd(String regex, int i) {
        if (i < regex.length() && regex.charAt(i) == '{') {
            int close = regex.indexOf('}', i);
            return close < 0 ? regex.length() : close + 1;
        }
        return Math.min(regex.length(), i + 1);
    }

    /** A text that counts the engine's reads and stops it past a budget. */
    private static final class Budgeted implements CharSequence {
        private final String text;
        private final int from;
        private final int to;
        private final long[] left;

        Budgeted(String text, long budget) {
            this(text, 0, text.length(), new long[] {budget});
        }

        private Budgeted(String text, int from, int to, long[] left) {
            this.text = text;
            this.from = from;
            this.to = to;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(from + index);
        }

        @Override
        public int length() {
            return to - from;
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text, from + start, from + end, left);
        }

        @Override
        public String toString() {
            return text.substring(from, to);
        }
    }
}
