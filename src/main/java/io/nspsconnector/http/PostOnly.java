package io.nspsconnector.http;

import io.nspsconnector.errors.ConnectorError;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;

/** The shape of every webhook the service offers: POST through a chain of handlers, any other method a JSON 405. */
public final class PostOnly {

    private PostOnly() {
    }

    /**
     * @param rules routing rules
     * @param path  the path
     * @param chain handlers in order; each but the last calls {@code res.next()} to go on (e.g. the auth filter)
     */
    public static void route(HttpRules rules, String path, Handler... chain) {
        for (Handler handler : chain) {
            rules.post(path, handler);
        }
        rules.any(path, (req, res) -> {
            throw new ConnectorError.MethodNotAllowed("POST");
        });
    }
}
