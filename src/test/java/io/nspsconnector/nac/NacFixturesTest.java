package io.nspsconnector.nac;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.nspsconnector.errors.ConnectorError;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.NacFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Network as Code fixtures: the invalid ones refused, every file covered by a NacFixtures case. */
class NacFixturesTest {

    private final NotificationParser parser = new NotificationParser();

    static List<NacFixtures.Case> cases() {
        return NacFixtures.cases();
    }

    static List<NacFixtures.Case> invalidCases() {
        return cases().stream().filter(c -> c.outcome() == null).toList();
    }

    /** The valid fixtures' effects are part of the store contract (DeviceStatusStoreContract), run on every store. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void invalidFixtureIsRefusedNamingItsField(NacFixtures.Case c) {
        ConnectorError.InvalidNotification e = assertThrows(ConnectorError.InvalidNotification.class,
                                                            () -> parser.parse(Fixtures.bytes("nac/" + c.file())));
        assertThat(e.problems().getFirst().field(), is(c.invalidField()));
    }

    @Test
    void everyFixtureFileHasACase() throws IOException {
        Set<String> covered = cases().stream().map(NacFixtures.Case::file).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(Path.of("src", "test", "resources", "fixtures", "nac"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".json"))
                               .collect(Collectors.toSet()), is(covered));
        }
        assertThat(covered.size(), is(31));
    }

    @Test
    void fixturesMatchTheSharedCopyWhenPresent() throws IOException {
        Path shared = Path.of("..", "shared", "fixtures", "nac");
        assumeTrue(Files.isDirectory(shared), "shared fixtures not beside the project");
        for (NacFixtures.Case c : cases()) {
            assertThat(c.file(), Files.readString(shared.resolve(c.file())), is(Fixtures.text("nac/" + c.file())));
        }
    }
}
