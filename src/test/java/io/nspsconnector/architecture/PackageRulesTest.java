package io.nspsconnector.architecture;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package table of docs/development.md, enforced: packages depend one way, the pure planning core ({@code nsps})
 * touches no I/O, and nothing below the HTTP layer depends back up on it.
 */
class PackageRulesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.nspsconnector");

    /** The WTL request model the plan is made of; the rest of {@code wtl} (client, connections, retries) is I/O. */
    private static final Set<String> WTL_MODEL = Set.of("io.nspsconnector.wtl.WtlRequest", "io.nspsconnector.wtl.WtlAction",
                                                         "io.nspsconnector.wtl.SubscriberStatus",
                                                         "io.nspsconnector.wtl.WtlResult");

    @Test
    void noPackageCycles() {
        slices().matching("io.nspsconnector.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void nspsIsPure() {
        noClasses().that().resideInAPackage("io.nspsconnector.nsps..")
                .should().dependOnClassesThat(resideInAnyPackage("io.nspsconnector.http..", "io.nspsconnector.delivery..",
                                                                 "io.nspsconnector.nac..", "io.nspsconnector.simulator..",
                                                                 "io.nspsconnector.cli..", "io.nspsconnector.config..",
                                                                 "io.nspsconnector.metrics..", "io.helidon.webserver..",
                                                                 "io.helidon.webclient..")
                        .or(resideInAPackage("io.nspsconnector.wtl..").and(DescribedPredicate.describe(
                                "are not the WTL request model", c -> !WTL_MODEL.contains(c.getName())))))
                .check(MAIN);
    }

    @Test
    void nothingBelowTheHttpLayerDependsOnIt() {
        noClasses().that().resideInAnyPackage("io.nspsconnector.wtl..", "io.nspsconnector.nsps..",
                                              "io.nspsconnector.delivery..", "io.nspsconnector.errors..",
                                              "io.nspsconnector.json..", "io.nspsconnector.config..")
                .should().dependOnClassesThat().resideInAPackage("io.nspsconnector.http..")
                .check(MAIN);
    }

    @Test
    void theStateStoreSitsBelowTheHttpLayerAndTheConfiguration() {
        noClasses().that().resideInAPackage("io.nspsconnector.state..")
                .should().dependOnClassesThat(resideInAnyPackage("io.nspsconnector.http..", "io.nspsconnector.config..",
                                                                 "io.nspsconnector.cli..", "io.nspsconnector.nsps..",
                                                                 "io.helidon.webserver..", "io.helidon.webclient.."))
                .check(MAIN);
    }

    @Test
    void deliveryKnowsTheLedgerSeamNotTheStoresBehindIt() {
        noClasses().that().resideInAPackage("io.nspsconnector.delivery..")
                .should().dependOnClassesThat().resideInAnyPackage("io.nspsconnector.state..", "org.postgresql..",
                                                                   "com.zaxxer..", "org.flywaydb..")
                .check(MAIN);
    }

    @Test
    void nacKnowsTheDeviceStatusStoreSeamNotTheDatabaseBehindIt() {
        noClasses().that().resideInAPackage("io.nspsconnector.nac..")
                .should().dependOnClassesThat().resideInAnyPackage("io.nspsconnector.state..", "org.postgresql..",
                                                                   "com.zaxxer..", "org.flywaydb..", "java.sql..")
                .check(MAIN);
    }

    @Test
    void onlyTheEntryPointsUseTheCommandLinePackage() {
        noClasses().that().resideOutsideOfPackage("io.nspsconnector.cli..")
                .and().doNotHaveFullyQualifiedName("io.nspsconnector.Main")
                .should().dependOnClassesThat().resideInAPackage("io.nspsconnector.cli..")
                .check(MAIN);
    }
}
