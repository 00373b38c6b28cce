package io.nspsconnector.wtl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;

import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.TestConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * An HTTPS WTL with a private CA: the connector's own connections do the TLS handshake with the trust given under
 * {@code connector.wtl.client}.
 */
class WtlOverTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    @Test
    void eventsAreAppliedOverHttpsWithThePrivateCaGiven() throws Exception {
        Path p12 = selfSigned();
        Path trust = dir.resolve("trust.p12");
        Path cert = dir.resolve("wtl.crt");
        keytool("-exportcert", "-alias", "wtl", "-keystore", p12.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "wtl-ca", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", PASSWORD);
        AtomicInteger calls = new AtomicInteger();
        Config tls = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(Map.of(
                        "tls.private-key.keystore.resource.path", p12.toString(),
                        "tls.private-key.keystore.passphrase", PASSWORD,
                        "tls.private-key.keystore.key.alias", "wtl")))
                .build();
        WebServer wtl = WebServer.builder()
                .config(tls)
                .host("127.0.0.1")
                .port(0)
                .routing(r -> r.post("/wtl/hlr/v1/prov", (req, res) -> {
                    req.content().consume();
                    calls.incrementAndGet();
                    res.header("Content-Type", "application/json").send("{\"result\":true}");
                }))
                .build()
                .start();
        Map<String, String> env = TestConnector.env("https://127.0.0.1:" + wtl.port() + "/wtl/hlr/v1");
        Map<String, String> keys = new HashMap<>(Map.of(
                "connector.wtl.client.tls.trust.keystore.resource.path", trust.toString(),
                "connector.wtl.client.tls.trust.keystore.passphrase", PASSWORD,
                "connector.wtl.client.tls.trust.keystore.trust-store", "true",
                "connector.reload.enabled", "false",
                "connector.logging.access-log", "false"));
        try (TestConnector.Server server = TestConnector.start(Path.of("config"), env, keys)) {
            for (int i = 0; i < 3; i++) {
                try (Http1ClientResponse res = TestConnector.postEvent(server.client(),
                                                                        Fixtures.bytes("nsps/sim-updated.json"))) {
                    assertThat(res.status(), is(Status.ACCEPTED_202));
                }
            }
            assertThat(calls.get(), is(3));
        } finally {
            wtl.stop();
        }
    }

    /** A self-signed certificate for localhost, made by keytool, in a PKCS#12 store. */
    private Path selfSigned() throws Exception {
        Path p12 = dir.resolve("wtl.p12");
        keytool("-genkeypair", "-alias", "wtl", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        assertThat(Files.isRegularFile(p12), is(true));
        return p12;
    }

    private static void keytool(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat("keytool: " + output, process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, is(true));
    }
}
