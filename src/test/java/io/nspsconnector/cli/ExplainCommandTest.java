package io.nspsconnector.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.nspsconnector.Main;
import io.nspsconnector.testing.Fixtures;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.isEmptyString;
import static org.hamcrest.Matchers.not;

/**
 * The {@code explain} command: decisions and exit codes in-process, and once through the real {@code Main} in a
 * child JVM to prove that stdout carries the JSON alone. Agreement with the endpoint for every fixture is checked in
 * {@code ExplainTest}.
 */
class ExplainCommandTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures", "nsps");

    @TempDir
    Path dir;

    @Test
    void printsTheWtlRequestsOfAProcessedEventAndExits0() {
        Run r = run(List.of(FIXTURES.resolve("sim-updated.json").toString(), "--config", "config"), Map.of());

        assertThat(r.err, r.exit, is(0));
        JsonObject json = Fixtures.json(r.out);
        assertThat(json.getString("outcome"), is("processed"));
        assertThat(json.getJsonArray("wtl_requests").getJsonObject(0).getJsonObject("body").getString("imsi"),
                   is("001010000020349"));
    }

    @Test
    void anInvalidEventExits1WithItsFieldProblems() {
        Run r = run(List.of(FIXTURES.resolve("missing-event-type.json").toString()), Map.of("CONFIG_DIR", "config"));

        assertThat(r.exit, is(ExplainCommand.INVALID_EVENT));
        assertThat(Fixtures.json(r.out).getJsonArray("details").getJsonObject(0).getString("field"),
                   is("data.event_type"));
    }

    @Test
    void usesTheMappingsOfTheGivenDirectoryAndTheEnvironmentOverrides() throws IOException {
        Files.writeString(dir.resolve("mappings.yaml"), "events:\n  SIM/Updated: insert\n");
        Path event = FIXTURES.resolve("sim-updated.json");

        Run r = run(List.of(event.toString(), "--config", dir.toString()), Map.of("WTL_DEFAULT_CS_PROFILE", "x"));
        assertThat(Fixtures.json(r.out).getJsonArray("wtl_requests").getJsonObject(0).getJsonObject("body")
                           .getString("action"), is("insert"));

        Run filtered = run(List.of(event.toString(), "--config=" + dir),
                           Map.of("WTL_IMSI_REGEXP", "^999"));
        assertThat(filtered.exit, is(0));
        assertThat(Fixtures.json(filtered.out).getString("outcome"), is("ignored"));
    }

    @Test
    void readsTheEventFromStandardInputForDash() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ExplainCommand.run(List.of("-", "--config", "config"), Map.of(),
                                      new ByteArrayInputStream(Fixtures.bytes("nsps/unknown-event-type.json")),
                                      new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream()));

        assertThat(exit, is(0));
        assertThat(Fixtures.json(out.toString(StandardCharsets.UTF_8)).getString("outcome"), is("ignored"));
    }

    @Test
    void invalidMappingsExit2NamingTheKey() throws IOException {
        Files.writeString(dir.resolve("mappings.yaml"), "events:\n  SIM/Updated: upsert\n");

        Run r = run(List.of(FIXTURES.resolve("sim-updated.json").toString(), "--config", dir.toString()), Map.of());

        assertThat(r.exit, is(ExplainCommand.USAGE));
        assertThat(r.out, isEmptyString());
        assertThat(r.err, containsString("events.SIM/Updated: unknown WTL action 'upsert'"));
    }

    @Test
    void usageProblemsExit2() {
        assertThat(run(List.of(), Map.of()).exit, is(ExplainCommand.USAGE));
        assertThat(run(List.of("a.json", "b.json"), Map.of()).exit, is(ExplainCommand.USAGE));
        Run missing = run(List.of(dir.resolve("nope.json").toString(), "--config", "config"), Map.of());
        assertThat(missing.exit, is(ExplainCommand.USAGE));
        assertThat(missing.err, containsString("cannot read"));
        Run help = run(List.of("--help"), Map.of());
        assertThat(help.exit, is(0));
        assertThat(help.out, containsString("usage: java -jar nsps-connector.jar explain"));
    }

    @Test
    void throughMainStdoutIsTheJsonAloneAndLogsGoToStderr() throws Exception {
        // this fixture makes the planner log a warning: it must not reach stdout
        Path event = FIXTURES.resolve("account-id-without-msisdn-suffix.json");

        Child r = child(List.of("explain", event.toString(), "--config", "config"));

        assertThat(r.stderr, r.exit, is(0));
        JsonObject json = Fixtures.json(r.stdout);
        assertThat(json.getString("outcome"), is("processed"));
        assertThat(r.stdout, not(containsString("\"level\"")));
        assertThat(r.stderr, containsString("is not an MSISDN"));

        Child invalid = child(List.of("explain", FIXTURES.resolve("imsi-not-15-digits.json").toString(),
                                      "--config", "config"));
        assertThat(invalid.exit, is(ExplainCommand.INVALID_EVENT));
        assertThat(Fixtures.json(invalid.stdout).getString("outcome"), is("invalid"));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(List<String> args, Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ExplainCommand.run(args, env, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                                      new PrintStream(err, true));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Child(int exit, String stdout, String stderr) {
    }

    private static Child child(List<String> args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                                                       Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("WTL_") || k.equals("CONFIG_DIR"));
        Process process = builder.start();
        CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("explain did not exit");
        }
        return new Child(process.exitValue(), stdout, new String(stderr.join(), StandardCharsets.UTF_8));
    }
}
