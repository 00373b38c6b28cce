package io.nspsconnector.http;

import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;

import io.nspsconnector.errors.ConnectorError;

/**
 * The methods each known path serves, and the JSON 405 for every other method there: its {@code Allow} lists
 * what the path really has (HEAD is not served, so it is not listed).
 */
public final class AllowedMethods {

    private AllowedMethods() {
    }

    /**
     * A webhook: POST through a chain of handlers, any other method a 405 {@code Allow: POST}.
     *
     * @param rules routing rules
     * @param path  the path
     * @param chain handlers in order; each but the last calls {@code res.next()} to go on (e.g. the auth filter)
     */
    public static void post(HttpRules rules, String path, Handler... chain) {
        for (Handler handler : chain) {
            rules.post(path, handler);
        }
        rules.any(path, (req, res) -> {
            throw new ConnectorError.MethodNotAllowed("POST");
        });
    }

    /**
     * A read endpoint: GET through a chain of handlers, any other method a 405 {@code Allow: GET}.
     *
     * @param rules routing rules
     * @param path  the path
     * @param chain handlers in order, as for {@link #post}
     */
    public static void get(HttpRules rules, String path, Handler... chain) {
        for (Handler handler : chain) {
            rules.get(path, handler);
        }
        rules.any(path, (req, res) -> {
            throw new ConnectorError.MethodNotAllowed("GET");
        });
    }

    /**
     * The 405 for a path whose GET another component serves (the health and metrics observers): every method
     * but GET, on the path and below it.
     *
     * @param rules routing rules
     * @param path  the path, e.g. {@code /health}
     */
    public static void refuseAllButGet(HttpRules rules, String path) {
        Handler refuse = (req, res) -> {
            throw new ConnectorError.MethodNotAllowed("GET");
        };
        rules.route(m -> !m.equals(Method.GET), PathMatchers.exact(path), refuse);
        rules.route(m -> !m.equals(Method.GET), PathMatchers.pattern(path + "/*"), refuse);
    }
}
