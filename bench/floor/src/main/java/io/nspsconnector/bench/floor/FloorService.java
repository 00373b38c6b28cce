package io.nspsconnector.bench.floor;

import java.net.URI;

import io.helidon.common.tls.Tls;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * POST /process-event: reads the body, POSTs it to WTL_URL through Helidon's HTTP/1.1 client (keep-alive
 * connections from the client's pool) with the WTL Bearer token, and answers 202 when WTL answered 2xx, 502
 * otherwise. No parsing, validation, rules, retries or logging: the framework's cost of two HTTP exchanges.
 *
 * <p>Environment: {@code PORT} (0 for any free one), {@code WTL_URL} (the full /prov URL), {@code WTL_API_TOKEN}.
 * Listens on loopback only and prints the bound port on stdout.
 */
public final class FloorService {
    private final Http1Client client;
    private final Header authorization;

    private FloorService(URI wtl, String token) {
        this.client = Http1Client.builder()
                .baseUri(wtl)
                .tls(Tls.builder().enabled(false).build())
                .proxy(Proxy.noProxy())
                .followRedirects(false)
                .build();
        this.authorization = HeaderValues.create(HeaderNames.AUTHORIZATION, "Bearer " + token);
    }

    /**
     * Starts the service.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        String url = System.getenv("WTL_URL");
        String token = System.getenv("WTL_API_TOKEN");
        if (url == null || token == null) {
            System.err.println("WTL_URL and WTL_API_TOKEN are required");
            System.exit(2);
        }
        FloorService service = new FloorService(URI.create(url), token);
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(System.getenv().getOrDefault("PORT", "0")))
                .featuresDiscoverServices(false)
                .routing(r -> r.post("/process-event", service::handle))
                .build()
                .start();
        System.out.println("floor listening on port " + server.port());
    }

    private void handle(ServerRequest req, ServerResponse res) {
        byte[] event = req.content().as(byte[].class);
        try (HttpClientResponse answer = client.post()
                .header(authorization)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(HeaderValues.ACCEPT_JSON)
                .submit(event)) {
            // read the answer whole, as the connector does: the connection goes back to the pool for the next call
            answer.entity().as(byte[].class);
            res.status(answer.status().family() == Status.Family.SUCCESSFUL ? Status.ACCEPTED_202 : Status.BAD_GATEWAY_502)
                    .send();
        }
    }
}
