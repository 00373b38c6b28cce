package io.nspsconnector.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fault matrices' overlap count ({@link FaultyWtl#overlaps()}) must neither miss two operations of one IMSI in
 * flight at once nor count one where the client had let go of the first: a request that arrives while another for
 * the same IMSI is served counts, requests for other IMSIs or one after the other do not, and a hung request stops
 * counting as in flight when its client closes the connection (long before the fake's own hang ends).
 */
class FaultyWtlInFlightTest {

    private static final String TOKEN = "in-flight-token";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private FaultyWtl wtl;

    @AfterEach
    void stop() {
        if (wtl != null) {
            wtl.close();
        }
        http.close();
    }

    @Test
    void twoRequestsForOneImsiServedAtOnceAreOneOverlapOtherImsisAndSequentialRequestsNone() throws Exception {
        wtl = FaultyWtl.scripted(TOKEN).serviceTime(400);

        CompletableFuture<HttpResponse<String>> a = post("001010000000001", 1, Duration.ofSeconds(5));
        Await.until("the first request in flight", () -> wtl.inFlight("001010000000001") == 1);
        CompletableFuture<HttpResponse<String>> b = post("001010000000002", 2, Duration.ofSeconds(5));
        CompletableFuture<HttpResponse<String>> c = post("001010000000001", 3, Duration.ofSeconds(5));
        assertThat(a.get().statusCode(), is(200));
        assertThat(b.get().statusCode(), is(200));
        assertThat(c.get().statusCode(), is(200));
        assertThat("a second request for the IMSI while the first was served", wtl.overlaps(), is(1L));
        assertThat("both of one origin", wtl.overlapsAcrossOrigins(), is(0L));

        assertThat(post("001010000000001", 4, Duration.ofSeconds(5)).get().statusCode(), is(200));
        assertThat("one after the other", wtl.overlaps(), is(1L));
        assertThat(wtl.inFlight("001010000000001"), is(0));
    }

    @Test
    void overlapsAcrossOriginsAreThoseOfTwoClientsUnderTheirOwnPaths() throws Exception {
        wtl = FaultyWtl.scripted(TOKEN).serviceTime(400);

        CompletableFuture<HttpResponse<String>> a = post(wtl.baseUrl("replica-0"), "001010000000005", 1);
        Await.until("the first request in flight", () -> wtl.inFlight("001010000000005") == 1);
        CompletableFuture<HttpResponse<String>> b = post(wtl.baseUrl("replica-1"), "001010000000005", 2);
        assertThat(a.get().statusCode(), is(200));
        assertThat(b.get().statusCode(), is(200));
        assertThat(wtl.overlaps(), is(1L));
        assertThat(wtl.overlapsAcrossOrigins(), is(1L));
    }

    @Test
    void aHungRequestIsNoLongerInFlightOnceItsClientClosesTheConnection() throws Exception {
        wtl = FaultyWtl.scripted(TOKEN);
        wtl.enqueue(FaultyWtl.Fault.HANG);

        java.util.concurrent.ExecutionException timedOut = assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> post("001010000000009", 1, Duration.ofMillis(300)).get());
        assertThat(timedOut.getCause() instanceof HttpTimeoutException, is(true));
        // the fake holds a hung request for 2 s; the client's close ends it at once
        Await.until("the hung request no longer in flight", Duration.ofSeconds(1),
                    () -> wtl.inFlight("001010000000009") == 0);
        assertThat(post("001010000000009", 2, Duration.ofSeconds(5)).get().statusCode(), is(200));
        assertThat(wtl.overlaps(), is(0L));
        assertThat("both applied", wtl.applied(), is(2L));
        assertThat("the hung one never answered", wtl.acked(1, "001010000000009"), is(false));
    }

    @Test
    void aRequestItsClientLetGoOfDuringTheServiceTimeIsNotAppliedAndNoOverlapOfALaterOne() throws Exception {
        wtl = FaultyWtl.scripted(TOKEN).serviceTime(1500);

        java.util.concurrent.ExecutionException timedOut = assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> post("001010000000007", 1, Duration.ofMillis(200)).get());
        assertThat(timedOut.getCause() instanceof HttpTimeoutException, is(true));
        Await.until("the abandoned request no longer in flight", Duration.ofSeconds(1),
                    () -> wtl.inFlight("001010000000007") == 0);
        assertThat("not applied", wtl.applied(), is(0L));
        assertThat(post("001010000000007", 2, Duration.ofSeconds(5)).get().statusCode(), is(200));
        assertThat(wtl.overlaps(), is(0L));
        assertThat(wtl.overlapsAfterLetGo(), is(0L));
        assertThat(wtl.applied(), is(1L));
    }

    private CompletableFuture<HttpResponse<String>> post(String imsi, int seq, Duration timeout) {
        return post(wtl.baseUrl(), imsi, seq, timeout);
    }

    private CompletableFuture<HttpResponse<String>> post(String base, String imsi, int seq) {
        return post(base, imsi, seq, Duration.ofSeconds(5));
    }

    private CompletableFuture<HttpResponse<String>> post(String base, String imsi, int seq, Duration timeout) {
        String body = "{\"imsi\":\"" + imsi + "\",\"action\":\"update\",\"subscriber_status\":\"serviceGranted\","
                + "\"msisdn\":[\"79000000001\"],\"cs_profile\":\"ev" + seq + "\",\"eps_profile\":\"eps" + seq + "\"}";
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/prov"))
                                      .header("Authorization", "Bearer " + TOKEN)
                                      .header("Content-Type", "application/json")
                                      .timeout(timeout)
                                      .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                              HttpResponse.BodyHandlers.ofString());
    }
}
