package io.nspsconnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** The real start-up in a child JVM: a broken configuration stops it with every problem named, exit code 2. */
class MainTest {

    @TempDir
    Path dir;

    @Test
    void missingSettingsAreAllNamedAndTheProcessExits2() throws Exception {
        Result r = run(Map.of("CONFIG_DIR", "config"));

        assertThat(r.exit, is(2));
        assertThat(r.stderr, containsString("invalid configuration"));
        assertThat(r.stderr, containsString("API_TOKEN: missing"));
        assertThat(r.stderr, containsString("WTL_API_URL: missing"));
        assertThat(r.stderr, containsString("WTL_API_TOKEN: missing"));
    }

    @Test
    void brokenMappingsStopStartUpNamingTheKey() throws Exception {
        Files.copy(Path.of("config", "application.yaml"), dir.resolve("application.yaml"));
        Files.writeString(dir.resolve("mappings.yaml"), "events:\n  SIM/Updated: upsert\n");

        Result r = run(Map.of("CONFIG_DIR", dir.toString(), "API_TOKEN", "t", "WTL_API_URL", "http://127.0.0.1:9/wtl",
                              "WTL_API_TOKEN", "w", "PORT", "0"));

        assertThat(r.exit, is(2));
        assertThat(r.stderr, containsString("events.SIM/Updated: unknown WTL action 'upsert'"));
    }

    @Test
    void serviceLinkVariablesOfAServiceNamedServerDoNotBreakTheStart() throws Exception {
        // what the kubelet injects for a Service "server" in the namespace (when service links are on)
        Map<String, String> links = Map.of("SERVER_PORT", "tcp://10.96.0.12:80",
                                           "SERVER_PORT_80_TCP", "tcp://10.96.0.12:80",
                                           "SERVER_PORT_80_TCP_ADDR", "10.96.0.12",
                                           "SERVER_PORT_80_TCP_PORT", "80",
                                           "SERVER_PORT_80_TCP_PROTO", "tcp");
        Map<String, String> env = new java.util.HashMap<>(links);
        env.put("CONFIG_DIR", "config");

        Result r = run(env);

        // only the missing settings are named, not the port
        assertThat(r.exit, is(2));
        assertThat(r.stderr, containsString("API_TOKEN: missing"));
        assertThat(r.stderr, not(containsString("server.port")));
    }

    @Test
    void badValuesAndUnknownKeysAreRefusedAtStartWithExit2() throws Exception {
        Files.copy(Path.of("config", "mappings.yaml"), dir.resolve("mappings.yaml"));
        Files.writeString(dir.resolve("application.yaml"), """
                connector:
                  max-body-size: big
                  wtl:
                    retyr:
                      attempts: 3
                    retry:
                      attempts: three
                    circuit-breaker:
                      enabled: flase
                """);
        Map<String, String> env = Map.of("CONFIG_DIR", dir.toString(), "API_TOKEN", "t",
                                         "WTL_API_URL", "http://127.0.0.1:9/wtl", "WTL_API_TOKEN", "w", "PORT", "0");

        Result r = run(env);

        assertThat(r.exit, is(2));
        assertThat(r.stderr, containsString("invalid configuration"));
        assertThat(r.stderr, containsString("  - connector.max-body-size: 'big' is not a whole number"));
        assertThat(r.stderr, containsString("  - connector.wtl.retry.attempts: 'three' is not a whole number"));
        assertThat(r.stderr, containsString(
                "  - connector.wtl.circuit-breaker.enabled: 'flase' is not a boolean (true or false)"));
        assertThat(r.stderr, containsString(
                "  - connector.wtl.retyr: unknown key (did you mean connector.wtl.retry?)"));
        assertThat(r.stderr, not(containsString("could not start")));

        Files.writeString(dir.resolve("application.yaml"), "connector:\n  wtl:\n    circuit-breaker:\n"
                + "      enabled: maybe\n");
        Files.writeString(dir.resolve("mappings.yaml"), "events:\n  SIM/Updated: update\nimsi-filtr: \"^001\"\n");
        Result maybe = run(env);

        assertThat(maybe.exit, is(2));
        assertThat(maybe.stderr, containsString(
                "  - connector.wtl.circuit-breaker.enabled: 'maybe' is not a boolean (true or false)"));

        Files.writeString(dir.resolve("application.yaml"), "connector:\n  event-path: /process-event\n");
        Result mappings = run(env);

        assertThat(mappings.exit, is(2));
        assertThat(mappings.stderr, containsString("imsi-filtr: unknown key (did you mean imsi-filter?)"));
    }

    @Test
    void unknownArgumentPrintsUsage() throws Exception {
        Result r = run(Map.of("CONFIG_DIR", "config"), "--frobnicate");

        assertThat(r.exit, is(2));
        assertThat(r.stderr, containsString("usage: java -jar nsps-connector.jar"));
    }

    @Test
    void validateConfigChecksADirectoryAndExitsWithItsVerdict() throws Exception {
        Files.writeString(dir.resolve("mappings.yaml"), "events:\n  SIM/Updated: upsert\n");

        Result good = run(Map.of(), "validate-config", "config");
        Result bad = run(Map.of(), "validate-config", dir.toString());

        assertThat(good.exit, is(0));
        assertThat(good.stdout, containsString("OK      config/mappings.yaml"));
        assertThat(bad.exit, is(1));
        assertThat(bad.stdout, containsString("events.SIM/Updated: unknown WTL action 'upsert'"));
    }

    @Test
    void simulatorPortTakenStopsStartUpWithOneLineAndExit2() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String yaml = Files.readString(Path.of("config", "application.yaml"));
            assertThat(yaml, containsString("    port: 3001\n"));
            Files.writeString(dir.resolve("application.yaml"),
                              yaml.replace("    port: 3001\n", "    port: " + taken.getLocalPort() + "\n"));
            Files.copy(Path.of("config", "mappings.yaml"), dir.resolve("mappings.yaml"));

            Result r = run(Map.of("CONFIG_DIR", dir.toString(), "API_TOKEN", "t", "WTL_API_TOKEN", "w", "PORT", "0"),
                           "--simulator");

            assertThat(r.stderr, r.exit, is(2));
            assertThat(r.stderr, containsString("nsps-connector: could not start: the embedded WTL simulator cannot "
                                                + "listen on 127.0.0.1:" + taken.getLocalPort()));
            assertThat(r.stdout, not(containsString("nsps-connector ready")));
            assertThat(r.stdout, not(containsString("Embedded WTL simulator started")));
        }
    }

    @Test
    void aNormalStartWritesNoSlf4jWarningToStderr() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // the JSON logging of the real start-up (the tests' logback-test.xml would otherwise take over)
        List<String> command = List.of(java, "-D" + io.nspsconnector.logging.JsonLogConfigurator.FORCE_PROPERTY + "=true",
                                       "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--simulator");
        Path stdout = dir.resolve("start-stdout.txt");
        Path stderr = dir.resolve("start-stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("API_") || k.startsWith("WTL_") || k.startsWith("NAC_")
                || k.equals("PORT") || k.equals("CONFIG_DIR"));
        String yaml = Files.readString(Path.of("config", "application.yaml"));
        Files.writeString(dir.resolve("application.yaml"), yaml.replace("    port: 3001\n", "    port: 0\n"));
        Files.copy(Path.of("config", "mappings.yaml"), dir.resolve("mappings.yaml"));
        builder.environment().putAll(Map.of("CONFIG_DIR", dir.toString(), "API_TOKEN", "t", "WTL_API_TOKEN", "w",
                                            "PORT", "0"));
        Process process = builder.start();
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(stdout).contains("nsps-connector ready") && process.isAlive()
                    && System.nanoTime() < until) {
                Thread.onSpinWait();
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
            assertThat(Files.readString(stderr), Files.readString(stdout), containsString("nsps-connector ready"));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        assertThat(Files.readString(stderr), not(containsString("SLF4J")));
    }

    private record Result(int exit, String stderr, String stdout) {
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                                                                  Main.class.getName()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderrFile = Files.createTempFile(dir, "stderr", ".txt");
        // both streams to files: a child that does not exit is then stopped by the bounded wait below
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderrFile.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("API_") || k.startsWith("WTL_")
                || k.equals("PORT") || k.equals("CONFIG_DIR"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("connector did not exit: " + Files.readString(stderrFile, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(stderrFile, StandardCharsets.UTF_8),
                          Files.readString(stdout, StandardCharsets.UTF_8));
    }
}
