package io.nspsconnector.nsps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.nspsconnector.errors.ConnectorError.InvalidEvent;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.testing.GeneratedInputs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The streaming reader against the tree-based validation it replaced ({@link TreeEventValidator}): for the fixtures,
 * mutated in their fields and broken in their text and bytes, both give the same event or the same problems and
 * reason. Only where the body is not valid JSON may the location differ (the two parsers count columns differently),
 * never the words before it. The bodies are generated from fixed seeds, {@value #TRIES} per seed; a failure names the
 * seed and the try ({@link GeneratedInputs#random} brings that body back) and shows the body.
 */
class EventReaderAgreementTest {

    private static final int TRIES = 600;

    private final EventValidator reader = new EventValidator();
    private final TreeEventValidator oracle = new TreeEventValidator();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 2L, 3L, 20_261_201L, -7_300_680_819_760_223_503L})
    void readerAndTreeOracleAgree(long seed) {
        Map<String, Integer> oracleSaid = new TreeMap<>();
        for (int i = 0; i < TRIES; i++) {
            Generated input = generate(GeneratedInputs.random(seed, i));
            byte[] body = input.body();
            String describe = "seed " + seed + ", try " + i + ": " + input;
            Outcome expected = outcome(() -> oracle.validate(body));
            Outcome actual = outcome(() -> reader.validate(body));
            oracleSaid.merge(expected.kind(), 1, Integer::sum);

            if (expected.notValidJson()) {
                assertThat(describe, actual.problems(), hasSize(1));
                assertThat(describe, actual.problems().getFirst().field(), is("body"));
                assertThat(describe, actual.problems().getFirst().problem(), startsWith("is not valid JSON"));
            } else {
                assertThat(describe, actual, is(expected));
            }
        }
        System.out.println("EventReaderAgreementTest seed " + seed + ", " + TRIES + " bodies, the oracle said: "
                + oracleSaid);
    }

    /** One generated body and what it was built from. */
    private record Generated(int fixture, List<BodyMutations.Mutation> tree, List<BodyMutations.Mutation> bytes) {
        byte[] body() {
            return BodyMutations.body(fixture, tree, bytes);
        }

        @Override
        public String toString() {
            return "fixture " + BodyMutations.FIXTURES.get(fixture) + " (" + fixture + "), tree mutations " + tree
                    + ", byte mutations " + bytes + ", body " + GeneratedInputs.escaped(body());
        }
    }

    private static Generated generate(SplittableRandom random) {
        int fixture = GeneratedInputs.between(random, 0, BodyMutations.FIXTURES.size() - 1);
        List<BodyMutations.Mutation> tree = mutations(random, BodyMutations.TREE_KINDS, 0, 4);
        // most bodies keep their text whole, so that the field checks get their share
        List<BodyMutations.Mutation> bytes = random.nextInt(4) < 3 ? List.of()
                : mutations(random, BodyMutations.BYTE_KINDS, 1, 2);
        return new Generated(fixture, tree, bytes);
    }

    private static List<BodyMutations.Mutation> mutations(SplittableRandom random, int kinds, int min, int max) {
        int size = GeneratedInputs.between(random, min, max);
        List<BodyMutations.Mutation> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(new BodyMutations.Mutation(GeneratedInputs.between(random, 0, kinds - 1),
                                                GeneratedInputs.between(random, 0, 100_000),
                                                GeneratedInputs.between(random, 0, 1 << 15)));
        }
        return List.copyOf(list);
    }

    /** An accepted event or the problems and reason of a refused one. */
    private record Outcome(NspsEvent event, List<FieldProblem> problems, String reason) {
        /** For the statistics: what the oracle said, in a few words. */
        String kind() {
            if (event != null) {
                return "event";
            }
            if (problems.getFirst().field().equals("body")) {
                String problem = problems.getFirst().problem();
                return "body " + (problem.contains("(") ? problem.substring(0, problem.indexOf('(')).trim() : problem);
            }
            return problems.size() == 1 ? "one field problem" : "several field problems";
        }

        boolean notValidJson() {
            return problems != null && problems.size() == 1 && problems.getFirst().field().equals("body")
                    && problems.getFirst().problem().startsWith("is not valid JSON");
        }
    }

    private static Outcome outcome(java.util.function.Supplier<NspsEvent> validation) {
        try {
            return new Outcome(validation.get(), null, null);
        } catch (InvalidEvent e) {
            return new Outcome(null, e.problems(), e.error());
        }
    }
}
