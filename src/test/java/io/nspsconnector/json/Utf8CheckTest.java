package io.nspsconnector.json;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

import io.nspsconnector.testing.GeneratedInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link StrictJson#requireUtf8} decides as the strict decoder ({@link StrictJson#decodeUtf8}) does, byte for byte,
 * on inputs generated from fixed seeds; a failure names the seed and the try ({@link GeneratedInputs#random} brings
 * that input back) and shows the bytes.
 */
class Utf8CheckTest {

    /** Pieces around the edges of the well-formed ranges, so that the sequences come out valid and invalid alike. */
    private static final List<int[]> PIECES = List.of(new int[] {'a'}, new int[] {0x7F}, new int[] {0xC2, 0x80},
            new int[] {0xDF, 0xBF}, new int[] {0xC0, 0xAF}, new int[] {0xC1}, new int[] {0xE0, 0xA0, 0x80},
            new int[] {0xE0, 0x9F, 0xBF}, new int[] {0xED, 0x9F, 0xBF}, new int[] {0xED, 0xA0, 0x80},
            new int[] {0xEE, 0x80, 0x80}, new int[] {0xEF, 0xBF, 0xBF}, new int[] {0xF0, 0x90, 0x80, 0x80},
            new int[] {0xF0, 0x8F, 0xBF, 0xBF}, new int[] {0xF4, 0x8F, 0xBF, 0xBF},
            new int[] {0xF4, 0x90, 0x80, 0x80}, new int[] {0xF5}, new int[] {0xFF}, new int[] {0x80},
            new int[] {0xBF}, new int[] {0xE2, 0x82}, new int[] {0xF0, 0x9F, 0x98});

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 2L, 3L, 4L, 5L})
    void agreesWithTheDecoder(long seed) {
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = text(GeneratedInputs.random(seed, i));
            assertThat("seed " + seed + ", try " + i + ": " + GeneratedInputs.escaped(bytes), accepted(bytes),
                       is(decodes(bytes)));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 2L, 3L, 4L, 5L})
    void agreesWithTheDecoderOnAnyBytes(long seed) {
        for (int i = 0; i < 400; i++) {
            byte[] bytes = anyBytes(GeneratedInputs.random(seed, i));
            assertThat("seed " + seed + ", try " + i + ": " + GeneratedInputs.escaped(bytes), accepted(bytes),
                       is(decodes(bytes)));
        }
    }

    @Test
    void refusesOverlongFormsSurrogatesAndTruncatedSequences() {
        for (int[] sequence : new int[][] {{0xC0, 0xAF}, {0xC1, 0xBF}, {0xE0, 0x80, 0xAF}, {0xF0, 0x80, 0x80, 0xAF},
                {0xED, 0xA0, 0x80}, {0xED, 0xBF, 0xBF}, {0xF4, 0x90, 0x80, 0x80}, {0xF5, 0x80, 0x80, 0x80}, {0xE2, 0x82},
                {0x80}, {0xFF}}) {
            byte[] bytes = new byte[sequence.length + 2];
            bytes[0] = 'a';
            for (int i = 0; i < sequence.length; i++) {
                bytes[i + 1] = (byte) sequence[i];
            }
            bytes[bytes.length - 1] = 'b';
            StrictJson.NotAnObject e = assertThrows(StrictJson.NotAnObject.class, () -> StrictJson.requireUtf8(bytes));
            assertThat(e.getMessage(), is("is not valid UTF-8"));
        }
    }

    /** Up to 12 of the pieces, one after the other. */
    private static byte[] text(SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int size = GeneratedInputs.between(random, 0, 12);
        for (int i = 0; i < size; i++) {
            for (int b : PIECES.get(random.nextInt(PIECES.size()))) {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /** Up to 255 bytes of any value. */
    private static byte[] anyBytes(SplittableRandom random) {
        byte[] bytes = new byte[GeneratedInputs.between(random, 0, 255)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static boolean accepted(byte[] bytes) {
        try {
            StrictJson.requireUtf8(bytes);
            return true;
        } catch (StrictJson.NotAnObject e) {
            return false;
        }
    }

    private static boolean decodes(byte[] bytes) {
        try {
            StrictJson.decodeUtf8(bytes);
            return true;
        } catch (StrictJson.NotAnObject e) {
            return false;
        }
    }
}
