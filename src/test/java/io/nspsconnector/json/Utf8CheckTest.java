package io.nspsconnector.json;

import java.io.ByteArrayOutputStream;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link StrictJson#requireUtf8} decides as the strict decoder ({@link StrictJson#decodeUtf8}) does, byte for byte. */
class Utf8CheckTest {

    @Property(tries = 5000)
    void agreesWithTheDecoder(@ForAll("texts") byte[] bytes) {
        assertThat(accepted(bytes), is(decodes(bytes)));
    }

    @Property(tries = 2000)
    void agreesWithTheDecoderOnAnyBytes(@ForAll byte[] bytes) {
        assertThat(accepted(bytes), is(decodes(bytes)));
    }

    @Example
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

    @Provide
    Arbitrary<byte[]> texts() {
        // pieces around the edges of the well-formed ranges, so that the sequences come out valid and invalid alike
        List<int[]> pieces = List.of(new int[] {'a'}, new int[] {0x7F}, new int[] {0xC2, 0x80}, new int[] {0xDF, 0xBF},
                                     new int[] {0xC0, 0xAF}, new int[] {0xC1}, new int[] {0xE0, 0xA0, 0x80},
                                     new int[] {0xE0, 0x9F, 0xBF}, new int[] {0xED, 0x9F, 0xBF}, new int[] {0xED, 0xA0, 0x80},
                                     new int[] {0xEE, 0x80, 0x80}, new int[] {0xEF, 0xBF, 0xBF},
                                     new int[] {0xF0, 0x90, 0x80, 0x80},
                                     new int[] {0xF0, 0x8F, 0xBF, 0xBF}, new int[] {0xF4, 0x8F, 0xBF, 0xBF},
                                     new int[] {0xF4, 0x90, 0x80, 0x80}, new int[] {0xF5}, new int[] {0xFF}, new int[] {0x80},
                                     new int[] {0xBF}, new int[] {0xE2, 0x82}, new int[] {0xF0, 0x9F, 0x98});
        return Arbitraries.of(pieces).list().ofMaxSize(12).map(list -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.forEach(piece -> {
                for (int b : piece) {
                    out.write(b);
                }
            });
            return out.toByteArray();
        });
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
