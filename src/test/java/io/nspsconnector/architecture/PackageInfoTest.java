package io.nspsconnector.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/** Every package of the main code says in its package-info what it owns and what it may depend on. */
class PackageInfoTest {

    private static final Path MAIN = Path.of("src", "main", "java");

    @Test
    void everyPackageHasAPackageInfoNamingWhatItMayDependOn() throws IOException {
        List<Path> packages;
        try (Stream<Path> files = Files.walk(MAIN)) {
            packages = files.filter(p -> p.toString().endsWith(".java")).map(Path::getParent).distinct().sorted()
                    .toList();
        }
        assertThat(packages.size() > 10, is(true));

        List<Path> missing = packages.stream().filter(p -> !Files.isRegularFile(p.resolve("package-info.java"))).toList();
        assertThat(missing, is(empty()));
        for (Path dir : packages) {
            String info = Files.readString(dir.resolve("package-info.java")).toLowerCase(java.util.Locale.ROOT);
            assertThat(dir.toString(), info, containsString("depend"));
        }
    }
}
