package io.nspsconnector.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.nspsconnector.config.InvalidConfigException;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * HTTPS for the connector's own port from PEM files laid out like a mounted kubernetes.io/tls Secret. The key and
 * certificate are made for the test by the JDK's keytool; nothing secret is kept in the repository.
 */
class ServerTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    @Test
    void servesEventsOverHttpsFromAMountedPemPair() throws Exception {
        KeyStore store = selfSigned();
        Path tls = dir.resolve("tls");
        Files.createDirectories(tls);
        PrivateKey key = (PrivateKey) store.getKey("connector", PASSWORD);
        Certificate cert = store.getCertificate("connector");
        Files.writeString(tls.resolve("tls.key"), pem("PRIVATE KEY", key.getEncoded()));
        Files.writeString(tls.resolve("tls.crt"), pem("CERTIFICATE", cert.getEncoded()));

        try (WtlFake wtl = WtlFake.start();
             TestConnector.Server server = TestConnector.start(
                     Path.of("config"), TestConnector.env(wtl.baseUrl()),
                     Map.of("connector.tls.enabled", "true",
                            "connector.tls.certificate", tls.resolve("tls.crt").toString(),
                            "connector.tls.private-key", tls.resolve("tls.key").toString()))) {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, trust.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
            String base = "https://localhost:" + server.server().port();

            HttpResponse<String> event = https.send(
                    HttpRequest.newBuilder(URI.create(base + "/process-event"))
                            .header("Authorization", "Bearer " + TestConnector.API_TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(Fixtures.bytes("nsps/sim-updated.json")))
                            .build(), HttpResponse.BodyHandlers.ofString());
            int health = https.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
            boolean plainRefused;
            try {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                                                                                           + server.server().port()
                                                                                           + "/health"))
                                                        .timeout(Duration.ofSeconds(5)).build(),
                                                HttpResponse.BodyHandlers.discarding());
                plainRefused = false;
            } catch (IOException e) {
                plainRefused = true;
            }

            assertThat(event.statusCode(), is(202));
            assertThat(health, is(200));
            assertThat("plain HTTP gets no answer on the TLS port", plainRefused, is(true));
        }
    }

    @Test
    void tlsWithoutItsFilesIsRefusedAtStartNamingTheKey() {
        try (WtlFake wtl = WtlFake.start()) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> TestConnector.start(
                    Path.of("config"), TestConnector.env(wtl.baseUrl()),
                    Map.of("connector.tls.enabled", "true",
                           "connector.tls.certificate", dir.resolve("missing.crt").toString(),
                           "connector.tls.private-key", dir.resolve("missing.key").toString())));

            assertThat(String.join("\n", e.problems()), containsString("connector.tls.certificate"));
            assertThat(String.join("\n", e.problems()), containsString("connector.tls.private-key"));
        }
    }

    /** A self-signed certificate for localhost, made by keytool, in a PKCS#12 store. */
    private KeyStore selfSigned() throws Exception {
        Path p12 = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "connector",
                                             "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                                             "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                                             "-storetype", "PKCS12", "-keystore", p12.toString(),
                                             "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat("keytool: " + output, process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, is(true));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, PASSWORD);
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
