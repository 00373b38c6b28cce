package io.nspsconnector.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/** The fast created_at reader gives exactly what {@link OffsetDateTime#parse} gives, for valid and broken text. */
class TimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {"2025-03-12T16:47:30.443939+00:00", "2025-03-12T16:47:30Z", "2025-03-12T16:47:30.1-05:30",
            "1999-12-31T23:59:59.999999999+14:00", "2024-02-29T00:00:00-18:00", "2025-03-12T16:47:30.443939Z"})
    void commonShapesTakeTheFastPathAndAgree(String text) {
        assertThat(Timestamps.scan(text), notNullValue());
        assertThat(Timestamps.parse(text), is(reference(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-29T10:00:00Z", "2025-13-01T10:00:00Z", "2025-03-12T24:00:00Z",
            "2025-03-12T16:47:30", "2025-03-12 16:47:30+00:00", "2025-03-12T16:47:30.+00:00",
            "2025-03-12T16:47:30.1234567890Z", "2025-03-12T16:47:30+19:00", "2025-03-12T16:47:30+01:60",
            "2025-03-12t16:47:30z", "2025-03-12T16:47:30+01:00:30", "2025-03-12T16:47:30+0100", "x", "",
            "２０２５-03-12T16:47:30Z", "2025-03-12T16:47:30.44393９Z"})
    void everythingElseAgreesWithTheJdk(String text) {
        assertThat(Timestamps.parse(text), is(reference(text)));
    }

    @Test
    void randomTimesAndMutationsAgreeWithTheJdk() {
        Random random = new Random(20261123);
        String alphabet = "0123456789-:T.Z+ zt";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d",
                    random.nextInt(10_000), random.nextInt(14), random.nextInt(33), random.nextInt(25),
                    random.nextInt(61), random.nextInt(61)));
            if (random.nextBoolean()) {
                text.append('.').append(Long.toString(Math.abs(random.nextLong())), 0, 1 + random.nextInt(10));
            }
            text.append(random.nextInt(4) == 0 ? "Z"
                                : String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-",
                                                random.nextInt(20), random.nextInt(61)));
            if (random.nextInt(5) == 0) {
                text.setCharAt(random.nextInt(text.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = text.toString();
            assertThat(s, Timestamps.parse(s), is(reference(s)));
        }
    }

    private static Optional<Instant> reference(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
