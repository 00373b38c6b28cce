package io.nspsconnector.http;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.nspsconnector.errors.ConnectorError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Bearer check on its own, without a server: the request and response are stubs that answer only
 * {@code headers()} and {@code next()}; any other call fails the test.
 */
class AuthFilterTest {

    private final AtomicInteger rejections = new AtomicInteger();
    private final AtomicReference<ApiTokens> tokens =
            new AtomicReference<>(new ApiTokens(List.of("current-token", "next-token")));
    private final AuthFilter filter = new AuthFilter(tokens::get, rejections::incrementAndGet);

    @Test
    void passesARequestWithAConfiguredTokenOn() {
        Response res = new Response();

        filter.handle(request("Bearer next-token"), res.stub());

        assertThat(res.nextCalls, is(1));
        assertThat(rejections.get(), is(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer current-token", "BEARER current-token", "  Bearer   current-token  ",
            "Bearer\tcurrent-token"})
    void acceptsAnyCaseOfTheSchemeAndSurroundingWhitespace(String header) {
        Response res = new Response();

        filter.handle(request(header), res.stub());

        assertThat(res.nextCalls, is(1));
    }

    @Test
    void rejectsAMissingHeaderWithoutCallingNext() {
        Response res = new Response();

        ConnectorError.Unauthorized e = assertThrows(ConnectorError.Unauthorized.class,
                                                     () -> filter.handle(request(null), res.stub()));

        assertThat(e.error(), is("Missing Authorization header"));
        assertThat(res.nextCalls, is(0));
        assertThat(rejections.get(), is(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic Y3VycmVudC10b2tlbg==", "Bearer", "Bearer ", "Bearercurrent-token", "current-token",
            "Token current-token", ""})
    void rejectsAnotherSchemeOrNoSeparator(String header) {
        Response res = new Response();

        ConnectorError.Unauthorized e = assertThrows(ConnectorError.Unauthorized.class,
                                                     () -> filter.handle(request(header), res.stub()));

        assertThat(e.error(), is("Authorization scheme must be Bearer"));
        assertThat(res.nextCalls, is(0));
        assertThat(rejections.get(), is(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer wrong", "Bearer current", "Bearer current-token-x", "Bearer CURRENT-TOKEN",
            "Bearer current-token next-token"})
    void rejectsATokenThatIsNotConfigured(String header) {
        Response res = new Response();

        ConnectorError.Unauthorized e = assertThrows(ConnectorError.Unauthorized.class,
                                                     () -> filter.handle(request(header), res.stub()));

        assertThat(e.error(), is("Invalid access token"));
        assertThat(res.nextCalls, is(0));
        assertThat(rejections.get(), is(1));
    }

    @Test
    void readsTheTokensForEachRequestSoARotationTakesEffectAtOnce() {
        filter.handle(request("Bearer current-token"), new Response().stub());

        tokens.set(new ApiTokens(List.of("rotated-token")));

        assertThrows(ConnectorError.Unauthorized.class,
                     () -> filter.handle(request("Bearer current-token"), new Response().stub()));
        Response res = new Response();
        filter.handle(request("Bearer rotated-token"), res.stub());
        assertThat(res.nextCalls, is(1));
        assertThat(rejections.get(), is(1));
    }

    private static ServerRequest request(String authorization) {
        WritableHeaders<?> headers = WritableHeaders.create();
        if (authorization != null) {
            headers.add(HeaderNames.AUTHORIZATION, authorization);
        }
        ServerRequestHeaders serverHeaders = ServerRequestHeaders.create(headers);
        return (ServerRequest) Proxy.newProxyInstance(
                AuthFilterTest.class.getClassLoader(), new Class<?>[] {ServerRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                case "headers" -> serverHeaders;
                case "toString" -> "stub request";
                default -> throw new UnsupportedOperationException("the filter should not call " + method.getName());
                });
    }

    /** Counts {@code next()}; the filter must neither answer nor touch the response otherwise. */
    private static final class Response {
        private int nextCalls;

        ServerResponse stub() {
            return (ServerResponse) Proxy.newProxyInstance(
                    AuthFilterTest.class.getClassLoader(), new Class<?>[] {ServerResponse.class},
                    (proxy, method, args) -> switch (method.getName()) {
                    case "next" -> {
                        nextCalls++;
                        yield proxy;
                    }
                    case "toString" -> "stub response";
                    default -> throw new UnsupportedOperationException("the filter should not call "
                                                                               + method.getName());
                    });
        }
    }
}
