package io.nspsconnector.testing;

import java.util.SplittableRandom;

/**
 * Helpers for the seeded generated-input tests: one random source per seed and try, so that a failure names the two
 * numbers that bring its input back, integers that favour the ends of their range, and bytes written out so that a
 * failure message shows them exactly.
 */
public final class GeneratedInputs {

    private GeneratedInputs() {
    }

    /**
     * The random source of one try: the same seed and try give the same inputs, independent of the other tries.
     *
     * @param seed the test's seed
     * @param tryIndex the try, from 0
     * @return a random source for that try alone
     */
    public static SplittableRandom random(long seed, int tryIndex) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + tryIndex);
    }

    /**
     * An integer in {@code [min, max]}, one time in ten at one of the two ends.
     *
     * @param random the source
     * @param min    the least value
     * @param max    the greatest value
     * @return the integer
     */
    public static int between(SplittableRandom random, int min, int max) {
        int pick = random.nextInt(20);
        if (pick == 0) {
            return min;
        }
        if (pick == 1) {
            return max;
        }
        return random.nextInt(min, max + 1);
    }

    /**
     * The bytes as text: printable ASCII as itself, a backslash doubled, every other byte as {@code \xNN}.
     *
     * @param bytes the bytes
     * @return their length and escaped form
     */
    public static String escaped(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length + 32).append(bytes.length).append(" bytes: \"");
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == '\\') {
                out.append("\\\\");
            } else if (c >= 0x20 && c < 0x7F && c != '"') {
                out.append((char) c);
            } else if (c == '"') {
                out.append("\\\"");
            } else {
                out.append(String.format("\\x%02X", c));
            }
        }
        return out.append('"').toString();
    }
}
