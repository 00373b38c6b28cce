package io.nspsconnector.nsps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.nspsconnector.config.MappingsLoader;
import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.errors.FieldProblem;
import io.nspsconnector.logging.Masking;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.wtl.WtlRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every NSPS fixture through validation and the rules of the shipped mappings, without a server. */
class EventPlannerFixturesTest {

    private static final Path MAPPINGS = Path.of("config", "mappings.yaml");
    private final EventValidator validator = new EventValidator();
    private final EventPlanner planner = new EventPlanner(Masking.of(true));

    static List<Fixtures.Case> cases() {
        return Fixtures.nspsCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixtureGivesItsDocumentedDecision(Fixtures.Case c) {
        Mappings mappings = new MappingsLoader(c.env()).load(MAPPINGS);
        byte[] body = Fixtures.bytes("nsps/" + c.file());

        switch (c.kind()) {
        case PROCESSED -> {
            Plan plan = planner.plan(validator.validate(body), mappings);
            assertThat(plan, instanceOf(Plan.Apply.class));
            List<String> sent = ((Plan.Apply) plan).requests().stream().map(WtlRequest::toJson).toList();
            assertThat(sent.stream().map(Fixtures::json).toList(),
                       is(c.wtlRequests().stream().map(Fixtures::json).toList()));
        }
        case IGNORED -> {
            Plan plan = planner.plan(validator.validate(body), mappings);
            assertThat(plan, instanceOf(Plan.Ignore.class));
            assertThat(((Plan.Ignore) plan).reason(), is(c.ignoreReason()));
        }
        case INVALID -> {
            ConnectorError.InvalidEvent e = assertThrows(ConnectorError.InvalidEvent.class,
                                                         () -> planner.plan(validator.validate(body), mappings));
            assertThat(e.problems().stream().map(FieldProblem::field).toList(), hasItem(c.invalidField()));
        }
        }
    }

    @Test
    void imsiFilterFixtureIsProcessedWithoutTheFilter() {
        Mappings mappings = new MappingsLoader(Map.of()).load(MAPPINGS);
        Plan plan = planner.plan(validator.validate(Fixtures.bytes("nsps/imsi-outside-regexp.json")), mappings);

        assertThat(Fixtures.json(((Plan.Apply) plan).requests().getFirst().toJson()),
                   is(Fixtures.json(Fixtures.imsiOutsideRegexpWithoutFilter())));
    }

    @Test
    void everyFixtureFileHasAnExpectation() throws IOException {
        Set<String> expected = cases().stream().map(Fixtures.Case::file).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(Path.of("src", "test", "resources", "fixtures", "nsps"))) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()), is(expected));
        }
    }

    @Test
    void fixturesMatchTheSharedCopyWhenPresent() throws IOException {
        Path shared = Path.of("..", "shared", "fixtures", "nsps");
        assumeTrue(Files.isDirectory(shared), "shared fixtures not beside the project");
        for (Fixtures.Case c : cases()) {
            assertThat(c.file(), Files.readString(shared.resolve(c.file())), is(Fixtures.text("nsps/" + c.file())));
        }
    }
}
