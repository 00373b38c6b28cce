package io.nspsconnector.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;

import io.nspsconnector.cli.ExplainCommand;
import io.nspsconnector.testing.Fixtures;
import io.nspsconnector.testing.TestConnector;
import io.nspsconnector.testing.WtlFake;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * The no-drift checks: for one NSPS fixture, {@code POST /explain} names exactly the WTL requests that
 * {@code POST /process-event} then sends and the answer NSPS then gets, without calling WTL itself; the
 * {@code explain} command, given the server's config directory and environment, prints the same decision.
 */
final class ExplainAgreement {

    private ExplainAgreement() {
    }

    static void explainMatchesProcessing(Http1Client client, WtlFake wtl, Fixtures.Case c) {
        wtl.reset();
        byte[] event = Fixtures.bytes("nsps/" + c.file());

        JsonObject explanation = explain(client, event);
        assertThat("explain never calls WTL", wtl.calls(), is(empty()));

        try (Http1ClientResponse res = TestConnector.postEvent(client, event)) {
            JsonObject answer = explanation.getJsonObject("answer");
            assertThat(answer.getInt("status"), is(res.status().code()));
            assertThat(answer.getJsonObject("body"), is(res.as(JsonObject.class)));
        }
        List<WtlFake.Call> sent = wtl.calls();
        List<JsonObject> explained = explanation.getJsonArray("wtl_requests").getValuesAs(JsonObject.class);
        assertThat(explained.stream().map(r -> r.getJsonObject("body")).toList(),
                   is(sent.stream().map(call -> Fixtures.json(call.body())).toList()));
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i).path(), is("/wtl/hlr/v1" + explained.get(i).getString("path")));
            assertThat(explained.get(i).getString("method"), is("POST"));
        }
        // both also match the fixture table, so agreeing on a wrong decision still fails
        assertThat(explained.stream().map(r -> r.getJsonObject("body")).toList(),
                   is(c.wtlRequests().stream().map(Fixtures::json).toList()));
        assertThat(explanation.getString("outcome"), is(c.kind().name().toLowerCase(Locale.ROOT)));
        switch (c.kind()) {
        case PROCESSED -> assertThat(explanation.containsKey("reason"), is(false));
        case IGNORED -> assertThat(explanation.getString("reason"), is(c.ignoreReason()));
        case INVALID -> assertThat(explanation.getJsonArray("details").getJsonObject(0).getString("field"),
                                   is(c.invalidField()));
        }
    }

    static void commandMatchesEndpoint(Http1Client client, Fixtures.Case c) {
        Path file = Path.of("src", "test", "resources", "fixtures", "nsps", c.file());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = ExplainCommand.run(List.of(file.toString(), "--config", "config"), c.env(),
                                      new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                                      new PrintStream(err, true));

        assertThat(err.toString(StandardCharsets.UTF_8), exit, is(c.kind() == Fixtures.Kind.INVALID ? 1 : 0));
        assertThat(Fixtures.json(out.toString(StandardCharsets.UTF_8)),
                   is(explain(client, Fixtures.bytes("nsps/" + c.file()))));
    }

    static JsonObject explain(Http1Client client, byte[] event) {
        try (Http1ClientResponse res = client.post(ExplainService.PATH)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TestConnector.API_TOKEN)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(event)) {
            assertThat(res.status(), is(Status.OK_200));
            JsonObject body = res.as(JsonObject.class);
            assertThat(body.get("wtl_requests").getValueType(), is(JsonValue.ValueType.ARRAY));
            return body;
        }
    }
}
