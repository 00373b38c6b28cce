package io.nspsconnector.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** {@code validate-config}: verdicts, problems and exit codes for directories and single mappings files. */
class ValidateConfigCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void shippedConfigDirectoryIsValidAndSecretsAreNotesNotErrors() {
        assertThat(run(Map.of(), "config"), is(ValidateConfigCommand.VALID));
        assertThat(output(), containsString("OK      config/application.yaml"));
        assertThat(output(), containsString("OK      config/mappings.yaml: 4 event type(s) mapped: "
                                            + "SIM/Created, SIM/Deleted, SIM/Replaced, SIM/Updated"));
        assertThat(output(), containsString("note: not set in the files, the pod must provide it: API_TOKEN: missing"));
        assertThat(output(), not(containsString("INVALID")));
    }

    @Test
    void invalidMappingsFileListsEveryProblemAndExitsOne() throws IOException {
        Path file = Files.writeString(tmp.resolve("next.yaml"), "events:\n  SIM/Updated: frobnicate\nimsi-filter: \"[a\"\n");

        assertThat(run(Map.of(), file.toString()), is(ValidateConfigCommand.INVALID));
        assertThat(output(), containsString("INVALID " + file));
        assertThat(output(), containsString("unknown WTL action 'frobnicate'"));
        assertThat(output(), containsString("imsi-filter: not a valid regular expression"));
    }

    @Test
    void invalidApplicationSettingsFailTheDirectory() throws IOException {
        Files.writeString(tmp.resolve("application.yaml"), "connector:\n  event-path: no-slash\n  reload:\n    interval: PT5M\n");
        Files.copy(Path.of("config", "mappings.yaml"), tmp.resolve("mappings.yaml"));

        assertThat(run(Map.of(), tmp.toString()), is(ValidateConfigCommand.INVALID));
        assertThat(output(), containsString("connector.event-path: must start with '/'"));
        assertThat(output(), containsString("connector.reload.interval"));
        assertThat(output(), containsString("OK      " + tmp.resolve("mappings.yaml")));
    }

    // CHECKSTYLE.OFF: LineLength - one case per line reads as a table
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            connector:\\n  wtl:\\n    retry:\\n      attempts: three        | connector.wtl.retry.attempts: 'three' is not a whole number
            connector:\\n  max-body-size: big                          | connector.max-body-size: 'big' is not a whole number
            connector:\\n  wtl:\\n    circuit-breaker:\\n      enabled: flase | connector.wtl.circuit-breaker.enabled: 'flase' is not a boolean (true or false)
            connector:\\n  wtl:\\n    circuit-breaker:\\n      enabled: maybe | connector.wtl.circuit-breaker.enabled: 'maybe' is not a boolean (true or false)
            connector:\\n  wtl:\\n    retyr:\\n      attempts: 3            | connector.wtl.retyr: unknown key (did you mean connector.wtl.retry?)
            """)
    // CHECKSTYLE.ON: LineLength
    void badValuesAndUnknownKeysAreListedByKeyWithoutAStackTrace(String yaml, String problem) throws IOException {
        Files.writeString(tmp.resolve("application.yaml"), yaml.replace("\\n", "\n"));
        Files.copy(Path.of("config", "mappings.yaml"), tmp.resolve("mappings.yaml"));

        assertThat(run(Map.of(), tmp.toString()), is(ValidateConfigCommand.INVALID));
        assertThat(output(), containsString("INVALID " + tmp.resolve("application.yaml") + ":\n  - " + problem + "\n"));
        assertThat(output(), containsString("OK      " + tmp.resolve("mappings.yaml")));
    }

    @Test
    void unknownTopLevelMappingsKeyFailsTheFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("next.yaml"), "events:\n  SIM/Updated: update\nimsi-filtr: \"^001\"\n");

        assertThat(run(Map.of(), file.toString()), is(ValidateConfigCommand.INVALID));
        assertThat(output(), containsString("INVALID " + file + ":\n  - imsi-filtr: unknown key (did you mean imsi-filter?)"));
    }

    @Test
    void networkAsCodeTokenFromTheSecretIsANoteNotAnError() throws IOException {
        Files.writeString(tmp.resolve("application.yaml"), "connector:\n  nac:\n    enabled: true\n");
        Files.copy(Path.of("config", "mappings.yaml"), tmp.resolve("mappings.yaml"));

        assertThat(run(Map.of(), tmp.toString()), is(ValidateConfigCommand.VALID));
        assertThat(output(), containsString("note: not set in the files, the pod must provide it: "
                                                    + "NAC_NOTIFICATION_TOKEN: missing"));
    }

    @Test
    void aFilterWithNestedQuantifiersIsValidButWarnedAboutWithItsSeverityAndKey() {
        assertThat(run(Map.of("WTL_IMSI_REGEXP", "^(?:\\d+){1,40}$"), "config"), is(ValidateConfigCommand.VALID));
        assertThat(output(), containsString("warning (high) WTL_IMSI_REGEXP: nested quantifier in \"(?:\\d+){1,40}\""));
    }

    @Test
    void aPlainFilterGivesNoWarning() {
        assertThat(run(Map.of("WTL_IMSI_REGEXP", "^00101[0-9]{10}$"), "config"), is(ValidateConfigCommand.VALID));
        assertThat(output(), not(containsString("warning")));
    }

    @Test
    void theEnvironmentIsAppliedAsInTheService() {
        assertThat(run(Map.of("WTL_IMSI_REGEXP", "(unclosed"), "config"), is(ValidateConfigCommand.INVALID));
        assertThat(output(), containsString("WTL_IMSI_REGEXP: not a valid regular expression"));
    }

    @Test
    void directoryWithoutMappingsIsInvalid() {
        assertThat(run(Map.of(), tmp.toString()), is(ValidateConfigCommand.INVALID));
        assertThat(output(), containsString("application.yaml: absent, defaults apply"));
        assertThat(output(), containsString("file not found"));
    }

    @Test
    void missingPathAndBadUsage() {
        assertThat(run(Map.of(), tmp.resolve("nope").toString()), is(ValidateConfigCommand.INVALID));
        assertThat(output(), containsString("no such file or directory"));
        assertThat(new ValidateConfigCommand(Map.of(), new PrintStream(out)).run(List.of()),
                   is(ValidateConfigCommand.USAGE));
        assertThat(output(), containsString("usage: java -jar nsps-connector.jar validate-config"));
    }

    private int run(Map<String, String> env, String path) {
        return new ValidateConfigCommand(env, new PrintStream(out, true, StandardCharsets.UTF_8)).run(List.of(path));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
