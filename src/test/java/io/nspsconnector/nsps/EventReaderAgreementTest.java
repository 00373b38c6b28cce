package io.nspsconnector.nsps;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.nspsconnector.errors.ConnectorError.InvalidEvent;
import io.nspsconnector.errors.FieldProblem;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The streaming reader against the tree-based validation it replaced ({@link TreeEventValidator}): for the fixtures,
 * mutated in their fields and broken in their text and bytes, both give the same event or the same problems and
 * reason. Only where the body is not valid JSON may the location differ (the two parsers count columns differently),
 * never the words before it.
 */
class EventReaderAgreementTest {

    private final EventValidator reader = new EventValidator();
    private final TreeEventValidator oracle = new TreeEventValidator();

    @Property(tries = 3000)
    void readerAndTreeOracleAgree(@ForAll("bodies") byte[] body) {
        Outcome expected = outcome(() -> oracle.validate(body));
        Outcome actual = outcome(() -> reader.validate(body));
        Statistics.label("oracle").collect(expected.kind());

        if (expected.notValidJson()) {
            assertThat(describe(body), actual.problems(), hasSize(1));
            assertThat(describe(body), actual.problems().getFirst().field(), is("body"));
            assertThat(describe(body), actual.problems().getFirst().problem(), startsWith("is not valid JSON"));
        } else {
            assertThat(describe(body), actual, is(expected));
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<BodyMutations.Mutation> tree = mutation(BodyMutations.TREE_KINDS);
        Arbitrary<BodyMutations.Mutation> bytes = mutation(BodyMutations.BYTE_KINDS);
        return Combinators.combine(Arbitraries.integers().between(0, BodyMutations.FIXTURES.size() - 1),
                                   tree.list().ofMaxSize(4),
                                   // most bodies keep their text whole, so that the field checks get their share
                                   Arbitraries.frequencyOf(
                                           Tuple.of(3, Arbitraries.just(List.<BodyMutations.Mutation>of())),
                                           Tuple.of(1, bytes.list().ofMinSize(1).ofMaxSize(2))))
                .as(BodyMutations::body);
    }

    private static Arbitrary<BodyMutations.Mutation> mutation(int kinds) {
        return Combinators.combine(Arbitraries.integers().between(0, kinds - 1),
                                   Arbitraries.integers().between(0, 100_000),
                                   Arbitraries.integers().between(0, 1 << 15))
                .as(BodyMutations.Mutation::new);
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

    private static String describe(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8);
        return "body (" + body.length + " bytes): " + text;
    }
}
