package io.nspsconnector.nac;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

/** Every Network as Code fixture through the parser and a fresh store, with the effect NacFixtures records for it. */
class NacFixturesTest {

    private final NotificationParser parser = new NotificationParser();

    static List<NacFixtures.Case> cases() {
        return NacFixtures.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixtureHasItsDocumentedEffect(NacFixtures.Case c) {
        DeviceStatusStore store = new MemoryDeviceStatusStore(100, 100, Duration.ofHours(24));
        for (String before : c.before()) {
            assertThat(before, apply(store, before).outcome(), is(DeviceStatusStore.Outcome.APPLIED));
        }
        if (c.outcome() == null) {
            ConnectorError.InvalidNotification e = assertThrows(ConnectorError.InvalidNotification.class,
                                                                () -> parser.parse(Fixtures.bytes("nac/" + c.file())));
            assertThat(e.problems().getFirst().field(), is(c.invalidField()));
            assertThat(store.size(), is(0));
            return;
        }
        DeviceStatusStore.Result result = apply(store, c.file());
        assertThat(result.outcome(), is(c.outcome()));
        if (c.key() == null) {
            assertThat("nothing stored", store.size(), is(0));
            return;
        }
        assertThat("one record per device", store.size(), is(1));
        c.check().accept(store.get(c.key()).orElseThrow());
    }

    @Test
    void replayOrderLeavesTheLatestStatus() {
        DeviceStatusStore store = new MemoryDeviceStatusStore(100, 100, Duration.ofHours(24));
        for (var step : NacFixtures.replayOrder()) {
            apply(store, step.getKey());
            DeviceStatus s = store.get(NacFixtures.PHONE_1).orElseThrow();
            assertThat(step.getKey(), s.connectivity().status() + "@" + s.connectivity().time(),
                       is(step.getValue()));
        }
        DeviceStatus last = store.get(NacFixtures.PHONE_1).orElseThrow();
        assertThat(last.tracked(), is(false));
        assertThat(last.subscriptions().getFirst().reason(), is("SUBSCRIPTION_EXPIRED"));
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

    private DeviceStatusStore.Result apply(DeviceStatusStore store, String file) {
        return store.apply(parser.parse(Fixtures.bytes("nac/" + file)), Instant.now());
    }
}
